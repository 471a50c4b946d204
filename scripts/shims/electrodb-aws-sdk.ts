import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import electroDbRequires from "./electrodb-aws-sdk.cjs";

/**
 * What ElectroDB gets for `require("@aws-sdk/lib-dynamodb")` and `require("@aws-sdk/util-dynamodb")` in the
 * Lambda bundle (wired by the build's esbuild plugin, scripts/lambda-package.ts): exactly what its
 * code uses (node_modules/electrodb/src/client.js: the ten document commands its v3 client wrapper constructs,
 * and `unmarshall`), the real classes and function re-exported from the AWS SDK's ES module build, not copies.
 *
 * Why: ElectroDB is CommonJS, and a CommonJS `require` of an ES module makes esbuild (1) take the whole of it,
 * lib-dynamodb's DynamoDBDocument with every command and paginator, and (2) wrap it and everything it imports,
 * the whole AWS SDK graph, in lazily initialised closures, where tree shaking across `export *` stops: every
 * DynamoDB command, waiter and schema ends up in the bundle and is compiled at cold start. Handing ElectroDB a
 * plain CommonJS object filled from this ES module keeps the SDK a flat, tree-shaken ES module graph, as it is in
 * any bundle that imports the SDK directly. Only the bundle uses this: tests and the local endpoint load
 * ElectroDB as published.
 */
Object.assign(electroDbRequires["@aws-sdk/lib-dynamodb"], {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
});
Object.assign(electroDbRequires["@aws-sdk/util-dynamodb"], { unmarshall });

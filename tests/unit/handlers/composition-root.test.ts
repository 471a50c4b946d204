import {
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
} from "@aws-sdk/client-dynamodb";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, test } from "vitest";
import { readConfig } from "../../../src/handlers/config.ts";
import { createDynamoDbClient, createHandler, handler } from "../../../src/handlers/index.ts";
import { httpApiEvent, lambdaContext } from "../../support/events.ts";
import { capturingLogger } from "./app-harness.ts";

function mockedHandler() {
  const client = new DynamoDBClient({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  const ddb = mockClient(client);
  const logger = capturingLogger();
  const built = createHandler(readConfig({ TABLE_NAME: "notes-test" }), { client, logger });
  return { ddb, handler: built, logger };
}

const listEvent = httpApiEvent({ method: "GET", resource: "/notes" });

describe("the composition root", () => {
  test("exports the Lambda handler, built at import", () => {
    expect(handler).toBeTypeOf("function");
  });

  test("wires the handler to DynamoDB through the adapter", async () => {
    const { ddb, handler } = mockedHandler();
    ddb.on(QueryCommand).resolves({ Items: [] });

    const result = await handler(listEvent, lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ items: [], next_cursor: null });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ TableName: "notes-test" });
  });

  test("answers 503 with Retry-After when DynamoDB throttles, through the adapter's translation", async () => {
    const { ddb, handler } = mockedHandler();
    ddb
      .on(QueryCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: "slow down", $metadata: {} }));

    const result = await handler(listEvent, lambdaContext());

    expect(result.statusCode).toBe(503);
    expect(result.headers["retry-after"]).toMatch(/^\d+$/);
    expect(result.body).not.toContain("slow down");
  });

  test("answers exactly 'internal error' when DynamoDB fails on its side, through the adapter's translation", async () => {
    const { ddb, handler, logger } = mockedHandler();
    ddb
      .on(QueryCommand)
      .rejects(
        new InternalServerError({ message: "notes-test is down", $metadata: { httpStatusCode: 500 } }),
      );

    const result = await handler(listEvent, lambdaContext());

    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"error":"internal error"}');
    expect(result.headers["retry-after"]).toBeUndefined();
    expect(logger.lines.filter((line) => line.level === "error").map((line) => line.message)).toEqual([
      "store fault",
    ]);
  });

  test("bounds the DynamoDB client's retries and timeouts to fit a 10 s Lambda", async () => {
    const client = createDynamoDbClient();
    // The handler resolves its options lazily; this is the promise it sends requests with.
    const handlerConfig = await (
      client.config.requestHandler as unknown as {
        configProvider: Promise<{ connectionTimeout?: number; requestTimeout?: number }>;
      }
    ).configProvider;

    const attempts = await client.config.maxAttempts();
    const worstCaseMs =
      attempts * ((handlerConfig.connectionTimeout ?? 0) + (handlerConfig.requestTimeout ?? 0));

    expect(attempts).toBe(3);
    expect(handlerConfig.connectionTimeout).toBeGreaterThan(0);
    expect(handlerConfig.requestTimeout).toBeGreaterThan(0);
    expect(worstCaseMs).toBeLessThanOrEqual(8_000);
  });
});

describe("reading the configuration", () => {
  test("uses the documented defaults when nothing is set", () => {
    expect(readConfig({})).toEqual({
      tableName: "notes",
      defaultOwner: "default",
      cursorSecret: undefined,
      logLevel: "INFO",
    });
  });

  test("reads every variable", () => {
    const config = readConfig({
      TABLE_NAME: "notes-prod",
      DEFAULT_OWNER: "shared",
      CURSOR_SECRET: "s3cret",
      LOG_LEVEL: "debug",
    });

    expect(config).toEqual({
      tableName: "notes-prod",
      defaultOwner: "shared",
      cursorSecret: "s3cret",
      logLevel: "DEBUG",
    });
  });

  test("treats empty values as unset and an unknown log level as INFO", () => {
    expect(readConfig({ TABLE_NAME: " ", CURSOR_SECRET: "", LOG_LEVEL: "chatty" })).toEqual(readConfig({}));
  });
});

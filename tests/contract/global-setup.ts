/**
 * Contract tests talk HTTP to API_URL when it is set (a deployed stack), else to the local endpoint started
 * here in-process on a free port: over a fresh in-memory embedded store, or over the DynamoDB named by
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL (in a fresh table of its own).
 */
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { externalDynamoDbEndpoint, startLocalEndpoint } from "../../local/start.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the API under test, without a trailing slash. */
    apiUrl: string;
    /** True when the tests run against the local endpoint this setup started. */
    localEndpoint: boolean;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const apiUrl = process.env.API_URL;
  if (apiUrl) {
    project.provide("apiUrl", apiUrl.replace(/\/+$/, ""));
    project.provide("localEndpoint", false);
    return undefined;
  }
  // The function's request log would drown the test report; its errors still show.
  process.env.LOG_LEVEL ||= "ERROR";
  const external = externalDynamoDbEndpoint();
  const endpoint = await startLocalEndpoint({
    port: 0,
    watch: false,
    ...(external
      ? { dynamoDbEndpoint: external, tableName: `notes-contract-${randomBytes(4).toString("hex")}` }
      : { dataDir: null }),
    log: () => {},
  });
  project.provide("apiUrl", endpoint.url);
  project.provide("localEndpoint", true);
  return () => endpoint.close();
}

import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDynamoDbStores } from "../adapters/dynamodb-stores.ts";
import { systemClock } from "../adapters/system-clock.ts";
import { createUlidIdGenerator } from "../adapters/ulid-id-generator.ts";
import { createNotesService } from "../domain/index.ts";
import { createApp, type NotesHandler } from "./app.ts";
import { type Config, configurationWarnings, readConfig } from "./config.ts";
import { type AppLogger, createLogger } from "./logger.ts";

/**
 * A DynamoDB client whose worst case fits well inside the function's 10 s timeout: at most 3 attempts
 * (throttling and transient faults are retried with the SDK's standard backoff), each giving up after 1 s
 * without a connection or 1.5 s in all, so about 6 s at worst with the backoff (a hung DynamoDB answers 500
 * "internal error" in about 5 s: tests/unit/handlers/dynamodb-timeouts.test.ts). `throwOnRequestTimeout` is
 * what makes requestTimeout a limit: without it the SDK only logs a warning and waits on. The endpoint and
 * region are whatever the SDK resolves (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL, AWS_REGION).
 */
export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500, throwOnRequestTimeout: true },
  });
}

/** Wires the service over DynamoDB and returns the handler. The module below calls it once per container. */
export function createHandler(
  config: Config,
  {
    client = createDynamoDbClient(),
    logger = createLogger(config.logLevel),
  }: { client?: DynamoDBClient; logger?: AppLogger } = {},
): NotesHandler {
  const { repository, idempotency } = createDynamoDbStores({
    client,
    tableName: config.tableName,
    ...(config.cursorSecret === undefined ? {} : { cursorSecret: config.cursorSecret }),
  });
  const service = createNotesService({
    repository,
    idempotency,
    clock: systemClock,
    ids: createUlidIdGenerator(),
  });
  return createApp(service, { logger, defaultOwner: config.defaultOwner });
}

/**
 * The Lambda entry: built once per container, at module scope, from the environment. A deployed function
 * missing a setting it should have (CURSOR_SECRET) says so once, at cold start.
 */
const config = readConfig(process.env);
const logger = createLogger(config.logLevel);
for (const warning of configurationWarnings(config, process.env)) logger.warn(warning);
export const handler = createHandler(config, { logger });

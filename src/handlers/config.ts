import { LOG_LEVELS, type LogLevel } from "./logger.ts";

/** Everything the function reads from its environment, read once by the composition root. */
export interface Config {
  tableName: string;
  defaultOwner: string;
  /** HMAC key for paging cursors; undefined lets the adapter use its built-in development key. */
  cursorSecret: string | undefined;
  logLevel: LogLevel;
}

export function readConfig(env: Record<string, string | undefined>): Config {
  const logLevel = (env.LOG_LEVEL ?? "").trim().toUpperCase();
  return {
    tableName: nonEmpty(env.TABLE_NAME) ?? "notes",
    defaultOwner: nonEmpty(env.DEFAULT_OWNER) ?? "default",
    cursorSecret: nonEmpty(env.CURSOR_SECRET),
    logLevel: (LOG_LEVELS as readonly string[]).includes(logLevel) ? (logLevel as LogLevel) : "INFO",
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * True when the function runs deployed on AWS: Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function's
 * environment, and nothing overrides the DynamoDB endpoint (an emulator such as LocalStack sets
 * AWS_ENDPOINT_URL in its Lambda containers). The local endpoint and the tests run the handler in-process,
 * without a function name, so they never count as deployed.
 */
export function isDeployed(env: Record<string, string | undefined>): boolean {
  return (
    nonEmpty(env.AWS_LAMBDA_FUNCTION_NAME) !== undefined &&
    nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) === undefined &&
    nonEmpty(env.AWS_ENDPOINT_URL) === undefined
  );
}

export const DEVELOPMENT_CURSOR_KEY_WARNING =
  "CURSOR_SECRET is not set: paging cursors are signed with the public development key; set a secret of your own";

/** What a deployed function should not run with, one sentence each; the entry logs them once, at cold start. */
export function configurationWarnings(config: Config, env: Record<string, string | undefined>): string[] {
  return isDeployed(env) && config.cursorSecret === undefined ? [DEVELOPMENT_CURSOR_KEY_WARNING] : [];
}

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

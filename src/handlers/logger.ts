import { Logger } from "@aws-lambda-powertools/logger";

/** The logging the handlers do; Powertools' Logger fits it, tests pass a capturing one. */
export interface AppLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured JSON logs, one object per line (Powertools), at the given level. */
export function createLogger(logLevel: LogLevel = "INFO"): Logger {
  return new Logger({ serviceName: "notes-api", logLevel });
}

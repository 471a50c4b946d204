/**
 * The function's logs as a person reads them in the terminal during `npm start`. The handler writes
 * Powertools JSON, one object per line, exactly as in Lambda (CloudWatch gets JSON, never this); the local
 * endpoint rewrites those lines on their way to a terminal:
 *
 *   12:01:02 POST /notes 201 12ms req=JKJaXmPLvHcESHA=
 *   12:01:03 GET /notes 500 140ms req=KLMbYnQMwIdFTIB=
 *   12:01:03 ERROR store fault GET /notes req=KLMbYnQMwIdFTIB=
 *     StoreUnavailableError: the store could not be reached or failed on its side
 *     caused by Error: connect ECONNREFUSED 127.0.0.1:8000 (code ECONNREFUSED, 3 attempts)
 *
 * `req=` is the id the client sees in the `apigw-requestid` response header. LOG_FORMAT=json keeps the raw
 * lines, LOG_FORMAT=pretty forces this format; by default it is on when the stream is a terminal.
 */

export interface LogFormatOptions {
  /** ANSI colours (status by class, errors in red, times dim). */
  color: boolean;
  /** Show times in UTC rather than the local time zone (tests). */
  utc?: boolean;
}

/** The shape Powertools gives an Error attribute. */
interface LoggedError {
  name?: unknown;
  message?: unknown;
  location?: unknown;
  stack?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { attempts?: unknown; httpStatusCode?: unknown };
}

/** Attributes shown by the line's own layout, not repeated as key=value. */
const SHOWN = new Set([
  "level",
  "message",
  "timestamp",
  "service",
  "sampling_rate",
  "route",
  "status",
  "latencyMs",
  "requestId",
  "apiRequestId",
  "error",
  "xray_trace_id",
]);
/** Frames of an unexpected error's innermost cause worth a look; the rest is noise in a terminal. */
const STACK_FRAMES = 4;

const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2 } as const;

/** Decides from the environment and the stream whether lines are rewritten. */
export function shouldPrettyPrint(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  const format = (env.LOG_FORMAT ?? "").trim().toLowerCase();
  if (format === "json") return false;
  if (format === "pretty") return true;
  return isTTY === true;
}

/**
 * One log line for a person, or the line unchanged when it is not a Powertools record (the endpoint's own
 * messages, esbuild's, anything else).
 */
export function formatLogLine(line: string, options: LogFormatOptions): string {
  const record = parseRecord(line);
  if (!record) return line;
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const time = paint(ANSI.dim, clockTime(record.timestamp, options.utc === true));
  const requestId = record.apiRequestId ?? record.requestId;
  const req = typeof requestId === "string" ? ` ${paint(ANSI.dim, `req=${requestId}`)}` : "";
  const extras = Object.entries(record)
    .filter(([key, value]) => !SHOWN.has(key) && value !== undefined)
    .map(([key, value]) => ` ${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("");

  if (record.message === "request" && typeof record.status === "number") {
    const status = record.status;
    const colour = status >= 500 ? ANSI.red : status >= 400 ? ANSI.yellow : ANSI.green;
    const latency = typeof record.latencyMs === "number" ? ` ${Math.round(record.latencyMs)}ms` : "";
    return `${time} ${String(record.route ?? "?")} ${paint(colour, String(status))}${latency}${req}${extras}`;
  }

  const level = String(record.level ?? "INFO").toUpperCase();
  const levelColour =
    level === "ERROR" || level === "CRITICAL" ? ANSI.red : level === "WARN" ? ANSI.yellow : ANSI.cyan;
  const route = typeof record.route === "string" ? ` ${record.route}` : "";
  const head = `${time} ${paint(levelColour, level)} ${String(record.message ?? "")}${route}${req}${extras}`;
  const error = record.error;
  if (error === undefined || error === null || typeof error !== "object") return head;
  return [head, ...errorLines(error as LoggedError, record.message === "unexpected error")].join("\n");
}

/** The error and each cause under it, indented; the innermost cause's first frames for an unexpected error. */
function errorLines(error: LoggedError, withStack: boolean): string[] {
  const lines: string[] = [];
  let current: LoggedError | undefined = error;
  let innermost: LoggedError = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const facts: string[] = [];
    if (typeof current.code === "string") facts.push(`code ${current.code}`);
    const status = current.$metadata?.httpStatusCode;
    if (typeof status === "number") facts.push(`HTTP ${status}`);
    const attempts = current.$metadata?.attempts;
    if (typeof attempts === "number") facts.push(`${attempts} attempt${attempts === 1 ? "" : "s"}`);
    const suffix = facts.length > 0 ? ` (${facts.join(", ")})` : "";
    const text = `${String(current.name ?? "Error")}: ${String(current.message ?? "")}${suffix}`;
    lines.push(`  ${depth === 0 ? "" : "caused by "}${text}`);
    innermost = current;
    current =
      typeof current.cause === "object" && current.cause !== null
        ? (current.cause as LoggedError)
        : undefined;
  }
  if (withStack && typeof innermost.stack === "string") {
    const frames = innermost.stack
      .split("\n")
      .filter((frame) => /^\s+at /.test(frame))
      .slice(0, STACK_FRAMES);
    lines.push(...frames.map((frame) => `    ${frame.trim()}`));
  }
  return lines;
}

function parseRecord(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  return typeof record.level === "string" && typeof record.message === "string" ? record : undefined;
}

function clockTime(timestamp: unknown, utc: boolean): string {
  const date = new Date(typeof timestamp === "string" ? timestamp : Date.now());
  if (Number.isNaN(date.getTime())) return "--:--:--";
  const parts = utc
    ? [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getHours(), date.getMinutes(), date.getSeconds()];
  return parts.map((part) => String(part).padStart(2, "0")).join(":");
}

/**
 * Rewrites the complete JSON log lines written to this stream from now on; anything else passes through as
 * written. Returns a function that puts the stream back as it was.
 */
export function prettyPrintLogs(stream: NodeJS.WritableStream, options: LogFormatOptions): () => void {
  const target = stream as NodeJS.WritableStream & { write: (...args: unknown[]) => boolean };
  const original = target.write;
  target.write = function write(this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === "string" || chunk instanceof Uint8Array) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (text.includes("{")) {
        const lines = text.split("\n");
        // The last segment has no newline after it: it is not a complete line, so it is left as written.
        const rewritten = lines.map((line, index) =>
          index < lines.length - 1 ? formatLogLine(line, options) : line,
        );
        const restArgs = typeof rest[0] === "string" ? rest.slice(1) : rest;
        return original.call(target, rewritten.join("\n"), ...restArgs);
      }
    }
    return original.call(target, chunk, ...rest);
  };
  return () => {
    target.write = original;
  };
}

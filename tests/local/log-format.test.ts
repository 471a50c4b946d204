/**
 * The function's JSON logs as `npm start` shows them in a terminal: one line per request, errors with their
 * cause below; raw JSON when asked (LOG_FORMAT=json) or when the output is not a terminal.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { formatLogLine, prettyPrintLogs, shouldPrettyPrint } from "../../local/log-format.ts";
import { PROJECT_ROOT } from "../../scripts/project-paths.ts";
import { createLogger } from "../../src/handlers/logger.ts";

const PLAIN = { color: false, utc: true };

const requestLine = JSON.stringify({
  level: "INFO",
  message: "request",
  timestamp: "2025-03-01T12:01:02.345Z",
  service: "notes-api",
  sampling_rate: 0,
  route: "POST /notes",
  status: 201,
  latencyMs: 12.4,
  requestId: "9f1c2d3e-lambda",
  apiRequestId: "JKJaXmPLvHcESHA=",
});

/** A store fault as Powertools writes it: the domain error with the SDK's error as its cause. */
const storeFaultLine = JSON.stringify({
  level: "ERROR",
  message: "store fault",
  timestamp: "2025-03-01T12:01:03.000Z",
  service: "notes-api",
  sampling_rate: 0,
  route: "GET /notes",
  requestId: "9f1c2d3e-lambda",
  apiRequestId: "KLMbYnQMwIdFTIB=",
  error: {
    name: "StoreUnavailableError",
    location: "/work/src/adapters/dynamodb-errors.ts:82",
    message: "the store could not be reached or failed on its side",
    stack:
      "StoreUnavailableError: the store could not be reached or failed on its side\n    at translateDynamoDbError (x.ts:82:12)",
    cause: {
      name: "Error",
      message: "connect ECONNREFUSED 127.0.0.1:8000",
      stack:
        "Error: connect ECONNREFUSED 127.0.0.1:8000\n    at TCPConnectWrap.afterConnect (node:net:1611:16)",
      code: "ECONNREFUSED",
      $metadata: { attempts: 3, totalRetryDelay: 250 },
    },
  },
});

describe("a log line for a person", () => {
  it("shows a request as time, route, status, latency and the id the client sees", () => {
    expect(formatLogLine(requestLine, PLAIN)).toBe("12:01:02 POST /notes 201 12ms req=JKJaXmPLvHcESHA=");
  });

  it("shows an error with its cause below, naming the code and the attempts, and no stack for a store fault", () => {
    expect(formatLogLine(storeFaultLine, PLAIN).split("\n")).toEqual([
      "12:01:03 ERROR store fault GET /notes req=KLMbYnQMwIdFTIB=",
      "  StoreUnavailableError: the store could not be reached or failed on its side",
      "  caused by Error: connect ECONNREFUSED 127.0.0.1:8000 (code ECONNREFUSED, 3 attempts)",
    ]);
  });

  it("adds the first frames of the innermost cause for an unexpected error", () => {
    const record = JSON.parse(storeFaultLine) as Record<string, unknown>;
    record.message = "unexpected error";

    const lines = formatLogLine(JSON.stringify(record), PLAIN).split("\n");

    expect(lines.at(-1)).toBe("    at TCPConnectWrap.afterConnect (node:net:1611:16)");
  });

  it("keeps attributes it has no place for as key=value", () => {
    const line = JSON.stringify({
      level: "WARN",
      message: "CURSOR_SECRET is not set",
      timestamp: "2025-03-01T00:00:00Z",
      table: "notes",
    });

    expect(formatLogLine(line, PLAIN)).toBe("00:00:00 WARN CURSOR_SECRET is not set table=notes");
  });

  it("colours the status by class when asked", () => {
    const serverError = requestLine.replace('"status":201', '"status":503');

    expect(formatLogLine(requestLine, { color: true, utc: true })).toContain("\u001b[32m201\u001b[0m");
    expect(formatLogLine(serverError, { color: true, utc: true })).toContain("\u001b[31m503\u001b[0m");
  });

  it.each([
    ["the endpoint's own message", "notes API listening on http://127.0.0.1:3000"],
    ["JSON that is not a log record", '{"title":"buy oat milk"}'],
    ["broken JSON", '{"level":"INFO","message":'],
  ])("leaves %s as it is", (_, line) => {
    expect(formatLogLine(line, PLAIN)).toBe(line);
  });
});

describe("when lines are rewritten", () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{}, undefined, false],
    [{ LOG_FORMAT: "json" }, true, false],
    [{ LOG_FORMAT: "pretty" }, false, true],
    [{ LOG_FORMAT: " PRETTY " }, undefined, true],
  ])("LOG_FORMAT %j on a terminal %s: %s", (env, isTTY, expected) => {
    expect(shouldPrettyPrint(env, isTTY)).toBe(expected);
  });

  it("rewrites what the function's real logger writes, and passes everything else through", () => {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        callback();
      },
    });
    const restore = prettyPrintLogs(stream, PLAIN);
    const realStdoutWrite = process.stdout.write;
    // Powertools writes to process.stdout; point that at the wrapped stream for this one call.
    process.stdout.write = stream.write.bind(stream) as typeof process.stdout.write;
    try {
      createLogger("INFO").info("request", {
        route: "GET /notes",
        status: 200,
        latencyMs: 3,
        requestId: "r-1",
      });
    } finally {
      process.stdout.write = realStdoutWrite;
    }
    stream.write("plain text without a newline {");
    restore();
    stream.write('{"level":"INFO","message":"request","status":200}\n');

    expect(written[0]).toMatch(/^\d\d:\d\d:\d\d GET \/notes 200 3ms req=r-1\n$/);
    expect(written[1]).toBe("plain text without a newline {");
    expect(written[2]).toBe('{"level":"INFO","message":"request","status":200}\n');
  });
});

describe.skipIf(Boolean(process.env.API_URL))("npm start with LOG_FORMAT=pretty", () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("prints one readable line per request, with the id of the apigw-requestid header", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "notes-log-format-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: "0",
      DATA_DIR: dataDir,
      LOG_FORMAT: "pretty",
      LOG_LEVEL: "INFO",
    };
    delete env.AWS_ENDPOINT_URL_DYNAMODB;
    delete env.AWS_ENDPOINT_URL;
    child = spawn(process.execPath, [join(PROJECT_ROOT, "local", "start.ts")], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const waitFor = async (pattern: RegExp, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(output)) {
        if (Date.now() > deadline || child?.exitCode !== null)
          throw new Error(`no ${what} within 10 s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return pattern.exec(output) as RegExpExecArray;
    };
    const [, url] = await waitFor(/(http:\/\/127\.0\.0\.1:\d+)/, "URL");

    const response = await fetch(`${url}/notes/does-not-exist`);
    const requestId = response.headers.get("apigw-requestid") ?? "";

    const escaped = requestId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const [line] = await waitFor(new RegExp(`^.*req=${escaped}$`, "m"), "request line");
    expect(line).toMatch(/^\d\d:\d\d:\d\d GET \/notes\/\{id\} 404 \d+ms req=/);
    expect(output).not.toContain('"message":"request"');
  });
});

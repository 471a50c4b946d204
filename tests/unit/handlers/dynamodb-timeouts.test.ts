/**
 * The DynamoDB client the Lambda really uses (createDynamoDbClient: 3 attempts, 1 s to connect, 1.5 s per
 * request) against local sockets that misbehave: a handler answers exactly 500 {"error":"internal error"},
 * logged once as a store fault with the SDK's error as its cause, well inside the function's 10 s timeout
 * (before Middy's own early timeout), whatever the store does. Upper bounds with a generous margin, not
 * benchmarks.
 */
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { HttpResult } from "../../../src/handlers/http-response.ts";
import { createDynamoDbClient, createHandler } from "../../../src/handlers/index.ts";
import { httpApiEvent, lambdaContext } from "../../support/events.ts";
import { capturingLogger } from "./app-harness.ts";

/**
 * The function's timeout (infra/variables.tf default). Middy's own early timeout would also answer 500, but
 * as an unexpected error without the SDK's cause: the log line and the elapsed time tell them apart.
 */
const LAMBDA_TIMEOUT_MS = 10_000;

const servers: Server[] = [];
const sockets: Socket[] = [];

beforeAll(() => {
  vi.stubEnv("AWS_REGION", "eu-west-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
  vi.stubEnv("AWS_SESSION_TOKEN", "");
  vi.stubEnv("AWS_PROFILE", "");
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});

afterAll(() => {
  vi.unstubAllEnvs();
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

/** One GET /notes through the real client at this endpoint, with a 10 s Lambda context. */
async function listNotesAgainst(endpoint: string) {
  vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
  const client = createDynamoDbClient();
  const logger = capturingLogger();
  const handler = createHandler(
    { tableName: "notes", defaultOwner: "default", cursorSecret: undefined, logLevel: "INFO" },
    { client, logger },
  );
  const deadline = Date.now() + LAMBDA_TIMEOUT_MS;
  const started = performance.now();
  try {
    const result: HttpResult = await handler(httpApiEvent({ method: "GET", resource: "/notes" }), {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => deadline - Date.now(),
    });
    return {
      result,
      elapsedMs: performance.now() - started,
      errors: logger.lines.filter((l) => l.level === "error"),
    };
  } finally {
    client.destroy();
  }
}

/** The answer a store fault gets: the contract's "anything unexpected", nothing to retry after. */
function expectInternalError(result: HttpResult): void {
  expect(result.statusCode).toBe(500);
  expect(result.body).toBe('{"error":"internal error"}');
  expect(result.headers["retry-after"]).toBeUndefined();
}

/** Exactly one error line, classified as a store fault (not Middy's timeout, not an unexpected error). */
function expectOneStoreFault(errors: { message: string }[]): void {
  expect(errors.map((line) => line.message)).toEqual(["store fault"]);
}

function causeOf(error: unknown): { name?: string; code?: string; $metadata?: { attempts?: number } } {
  return ((error as { cause?: unknown }).cause ?? {}) as never;
}

describe("the Lambda's DynamoDB client against a store that misbehaves", () => {
  test("a store that accepts connections and never answers: 500 after 3 timed-out attempts, in about 5 s", async () => {
    let connections = 0;
    const port = await listen(
      createServer((socket) => {
        connections++;
        sockets.push(socket);
        socket.on("error", () => {});
        socket.resume();
      }),
    );

    const { result, elapsedMs, errors } = await listNotesAgainst(`http://127.0.0.1:${port}`);

    expectInternalError(result);
    expect(connections).toBe(3);
    // 3 x 1.5 s plus backoff; far from Middy's early timeout at 9.75 s.
    expect(elapsedMs).toBeGreaterThan(3 * 1_500 - 100);
    expect(elapsedMs).toBeLessThan(7_000);
    expectOneStoreFault(errors);
    expect(causeOf(errors[0]?.attributes.error)).toMatchObject({
      name: "TimeoutError",
      $metadata: { attempts: 3 },
    });
  }, 15_000);

  test("a refused port: 500 within a second or two, the cause ECONNREFUSED after 3 attempts", async () => {
    const port = await listen(createServer());
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));

    const { result, elapsedMs, errors } = await listNotesAgainst(`http://127.0.0.1:${port}`);

    expectInternalError(result);
    expect(elapsedMs).toBeLessThan(2_500);
    expectOneStoreFault(errors);
    expect(causeOf(errors[0]?.attributes.error)).toMatchObject({
      code: "ECONNREFUSED",
      $metadata: { attempts: 3 },
    });
  });

  test("a store that drops every connection mid-request: 500, the cause ECONNRESET", async () => {
    const port = await listen(
      createServer((socket) => {
        socket.on("error", () => {});
        socket.once("data", () => socket.resetAndDestroy());
      }),
    );

    const { result, elapsedMs, errors } = await listNotesAgainst(`http://127.0.0.1:${port}`);

    expectInternalError(result);
    expect(elapsedMs).toBeLessThan(2_500);
    expectOneStoreFault(errors);
    expect(causeOf(errors[0]?.attributes.error)).toMatchObject({ code: "ECONNRESET" });
  });

  test("a store answering HTTP 500 every time: retried, then 500 naming DynamoDB's error as the cause", async () => {
    let requests = 0;
    const server = createHttpServer((request, response) => {
      requests++;
      request.resume();
      response.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
      response.end(
        JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "boom" }),
      );
    });
    const port = await listen(server as unknown as Server);

    const { result, elapsedMs, errors } = await listNotesAgainst(`http://127.0.0.1:${port}`);

    expectInternalError(result);
    expect(requests).toBe(3);
    expect(elapsedMs).toBeLessThan(2_500);
    expectOneStoreFault(errors);
    expect(causeOf(errors[0]?.attributes.error)).toMatchObject({ name: "InternalServerError" });
  });
});

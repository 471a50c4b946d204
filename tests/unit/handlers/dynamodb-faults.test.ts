/**
 * Every failure class the AWS SDK can surface from DynamoDB, thrown by a mocked DynamoDBClient under the real
 * composition root (createHandler): the adapter's translation, the service and the error mapping all run.
 * Each class answers the contract's status (throttling 503 with Retry-After; an unreachable or failing
 * DynamoDB and anything else exactly 500 "internal error"; a conditional check what it means on that path), is
 * logged exactly once with the request id and the SDK error as its cause (DynamoDB's own unavailability and
 * throttling as a "store fault", the rest as an "unexpected error"), and never reaches the body.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  InternalServerError,
  ItemCollectionSizeLimitExceededException,
  ProvisionedThroughputExceededException,
  ReplicatedWriteConflictException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { readConfig } from "../../../src/handlers/config.ts";
import { createHandler } from "../../../src/handlers/index.ts";
import { createLogger } from "../../../src/handlers/logger.ts";
import { httpApiEvent, lambdaContext, type RequestSpec } from "../../support/events.ts";
import { capturingLogger } from "./app-harness.ts";

/** Internal detail every fault carries; none of it may reach a client. */
const SECRET = "secret-table-notes-prod arn:aws:dynamodb:eu-west-1:123456789012";
const NOTE_ID = "01JABCDEFGHJKMNPQRSTVWXYZ0";
const REQUEST_ID = "lambda-request-id";

const client = new DynamoDBClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const ddb = mockClient(client);

beforeEach(() => {
  ddb.reset();
});

function handlerWithCapturedLogs() {
  const logger = capturingLogger();
  const handler = createHandler(readConfig({ TABLE_NAME: "secret-table-notes-prod" }), { client, logger });
  return { handler, logger };
}

/** What the SDK throws for an error response DynamoDB sent (a modelled one, or one it only names). */
function serviceError(name: string, httpStatusCode: number, fault: "client" | "server" = "client") {
  return new DynamoDBServiceException({
    name,
    $fault: fault,
    message: `${name}: ${SECRET}`,
    $metadata: { httpStatusCode, requestId: "DDB-REQUEST-ID", attempts: 3, totalRetryDelay: 300 },
  });
}

/** What the SDK's node HTTP handler rejects with for a socket or DNS failure (after its retries). */
function networkError(code: string, syscall: string) {
  return Object.assign(new Error(`${syscall} ${code} secret-table-notes-prod.internal:443`), {
    code,
    errno: -111,
    syscall,
    $metadata: { attempts: 3, totalRetryDelay: 250 },
  });
}

function timeoutError(message: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${message} ${SECRET}`), {
    name: "TimeoutError",
    $metadata: { attempts: 3 },
    ...extra,
  });
}

const metadata = { httpStatusCode: 400, attempts: 3, totalRetryDelay: 900 };

/** The answer's status, its Retry-After (503 only), and the message of the one error log line. */
type Expected =
  | { status: 500; log: "store fault" | "unexpected error" }
  | { status: 503; retryAfter: string; log: "store fault" };
const INTERNAL: Expected = { status: 500, log: "unexpected error" };
const THROTTLED: Expected = { status: 503, retryAfter: "1", log: "store fault" };
/** DynamoDB unreachable or failing on its side: the contract's "anything unexpected", logged as a store fault. */
const UNAVAILABLE: Expected = { status: 500, log: "store fault" };

/** Each class of failure, how the SDK surfaces it, and the answer the contract (or README) gives it. */
const FAULTS: [string, () => Error, Expected][] = [
  [
    "ProvisionedThroughputExceededException",
    () => new ProvisionedThroughputExceededException({ message: SECRET, $metadata: metadata }),
    THROTTLED,
  ],
  ["ThrottlingException", () => new ThrottlingException({ message: SECRET, $metadata: metadata }), THROTTLED],
  [
    "RequestLimitExceeded",
    () => new RequestLimitExceeded({ message: SECRET, $metadata: metadata }),
    THROTTLED,
  ],
  ["an unnamed HTTP 429", () => serviceError("Unknown", 429), THROTTLED],
  ["ValidationException", () => serviceError("ValidationException", 400), INTERNAL],
  [
    "ResourceNotFoundException (the table is missing)",
    () => new ResourceNotFoundException({ message: SECRET, $metadata: metadata }),
    INTERNAL,
  ],
  ["AccessDeniedException (IAM)", () => serviceError("AccessDeniedException", 400), INTERNAL],
  [
    "UnrecognizedClientException (credentials)",
    () => serviceError("UnrecognizedClientException", 400),
    INTERNAL,
  ],
  [
    "ItemCollectionSizeLimitExceededException",
    () => new ItemCollectionSizeLimitExceededException({ message: SECRET, $metadata: metadata }),
    INTERNAL,
  ],
  ["an unknown 4xx error", () => serviceError("SomethingNewException", 400), INTERNAL],
  [
    "InternalServerError (DynamoDB's 500)",
    () => new InternalServerError({ message: SECRET, $metadata: { httpStatusCode: 500, attempts: 3 } }),
    UNAVAILABLE,
  ],
  [
    "ServiceUnavailable (DynamoDB's 503)",
    () => serviceError("ServiceUnavailable", 503, "server"),
    UNAVAILABLE,
  ],
  ["an unnamed HTTP 500", () => serviceError("UnknownError", 500, "server"), UNAVAILABLE],
  ["an unnamed HTTP 502", () => serviceError("Unknown", 502, "server"), UNAVAILABLE],
  [
    "TransactionConflictException",
    () => new TransactionConflictException({ message: SECRET, $metadata: metadata }),
    UNAVAILABLE,
  ],
  [
    "ReplicatedWriteConflictException",
    () => new ReplicatedWriteConflictException({ message: SECRET, $metadata: metadata }),
    UNAVAILABLE,
  ],
  [
    "TimeoutError (no connection within connectionTimeout)",
    () => timeoutError("the request socket did not establish a connection within 1000 ms."),
    UNAVAILABLE,
  ],
  [
    "TimeoutError (requestTimeout exceeded)",
    () =>
      timeoutError("a request has exceeded the configured 1500 ms requestTimeout.", { code: "ETIMEDOUT" }),
    UNAVAILABLE,
  ],
  ["RequestTimeout", () => serviceError("RequestTimeout", 408), UNAVAILABLE],
  ["RequestTimeoutException", () => serviceError("RequestTimeoutException", 408), UNAVAILABLE],
  [
    "AbortError",
    () => Object.assign(new Error(`The operation was aborted ${SECRET}`), { name: "AbortError" }),
    UNAVAILABLE,
  ],
  ["ECONNREFUSED", () => networkError("ECONNREFUSED", "connect"), UNAVAILABLE],
  ["ECONNRESET", () => networkError("ECONNRESET", "read"), UNAVAILABLE],
  ["EPIPE", () => networkError("EPIPE", "write"), UNAVAILABLE],
  ["ENOTFOUND", () => networkError("ENOTFOUND", "getaddrinfo"), UNAVAILABLE],
  ["EAI_AGAIN", () => networkError("EAI_AGAIN", "getaddrinfo"), UNAVAILABLE],
  ["a plain Error from somewhere in the stack", () => new Error(`something broke ${SECRET}`), INTERNAL],
];

/** One request per route (and the idempotent create, which writes its key first). */
const REQUESTS: [string, RequestSpec][] = [
  ["POST /notes", { method: "POST", resource: "/notes", body: { title: "t" } }],
  [
    "POST /notes with an Idempotency-Key",
    { method: "POST", resource: "/notes", body: { title: "t" }, headers: { "Idempotency-Key": "k-1" } },
  ],
  ["GET /notes", { method: "GET", resource: "/notes" }],
  ["GET /notes/{id}", { method: "GET", resource: "/notes/{id}", pathParameters: { id: NOTE_ID } }],
  [
    "PATCH /notes/{id}",
    { method: "PATCH", resource: "/notes/{id}", pathParameters: { id: NOTE_ID }, body: { title: "t" } },
  ],
  [
    "PATCH /notes/{id} with If-Match",
    {
      method: "PATCH",
      resource: "/notes/{id}",
      pathParameters: { id: NOTE_ID },
      body: { title: "t" },
      headers: { "If-Match": '"1"' },
    },
  ],
  ["DELETE /notes/{id}", { method: "DELETE", resource: "/notes/{id}", pathParameters: { id: NOTE_ID } }],
];

/** The body is `{"error": message}` and the message names nothing of DynamoDB, the SDK or the network. */
function expectNoLeak(body: string) {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  expect(Object.keys(parsed)).toEqual(["error"]);
  expect(parsed.error).not.toMatch(
    /secret|arn:aws|dynamo|exception|error|econn|epipe|enotfound|eai_again|timeout|ddb-|abort/i,
  );
}

/** The SDK error, wherever the logged error keeps it (itself, or the cause of a domain error). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 5; ) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

describe.each(FAULTS)("DynamoDB failing with %s", (_, makeFault, expected) => {
  test.each(REQUESTS)(
    "%s answers the contract's status, logs it once, leaks nothing",
    async (_route, spec) => {
      const { handler, logger } = handlerWithCapturedLogs();
      const fault = makeFault();
      ddb.onAnyCommand().rejects(fault);

      const result = await handler(httpApiEvent(spec), lambdaContext(REQUEST_ID));

      expect(result.statusCode).toBe(expected.status);
      if (expected.status === 503) {
        expect(result.headers["retry-after"]).toBe(expected.retryAfter);
        expect(JSON.parse(result.body)).toEqual({ error: expect.any(String) });
        expectNoLeak(result.body);
      } else {
        expect(result.body).toBe('{"error":"internal error"}');
        expect(result.headers["retry-after"]).toBeUndefined();
      }
      expect(result.headers["content-type"]).toBe("application/json");
      const errors = logger.lines.filter((line) => line.level === "error");
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toBe(expected.log);
      expect(errors[0]?.attributes).toMatchObject({
        route: `${spec.method} ${spec.resource}`,
        requestId: REQUEST_ID,
      });
      expect(causeChain(errors[0]?.attributes.error)).toContain(fault);
      expect(logger.lines.filter((line) => line.message === "request")).toEqual([
        expect.objectContaining({
          attributes: expect.objectContaining({ status: expected.status, requestId: REQUEST_ID }),
        }),
      ]);
    },
  );
});

describe("a conditional check that failed means what the write asked", () => {
  const conditionFailed = () =>
    new ConditionalCheckFailedException({
      message: `The conditional request failed ${SECRET}`,
      $metadata: metadata,
    });
  const storedNote = {
    owner: "default",
    noteId: NOTE_ID,
    title: "t",
    content: "",
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    version: 2,
    pk: "$notes#owner_default",
    sk: `$note_1#noteId_${NOTE_ID}`,
    __edb_e__: "note",
    __edb_v__: "1",
  };
  const patch = (headers: Record<string, string> = {}): RequestSpec => ({
    method: "PATCH",
    resource: "/notes/{id}",
    pathParameters: { id: NOTE_ID },
    body: { title: "new" },
    headers,
  });
  const remove = (headers: Record<string, string> = {}): RequestSpec => ({
    method: "DELETE",
    resource: "/notes/{id}",
    pathParameters: { id: NOTE_ID },
    headers,
  });

  test.each([
    ["a blind PATCH", 404, patch(), undefined],
    ["a PATCH with If-Match, the note gone", 404, patch({ "If-Match": '"1"' }), undefined],
    ["a PATCH with If-Match, the note at another version", 412, patch({ "If-Match": '"1"' }), storedNote],
    ["a blind DELETE", 404, remove(), undefined],
    ["a DELETE with If-Match, the note gone", 404, remove({ "If-Match": '"1"' }), undefined],
    ["a DELETE with If-Match, the note at another version", 412, remove({ "If-Match": '"1"' }), storedNote],
  ])("%s answers %i: the client's error, not logged as a fault", async (_, status, spec, current) => {
    const { handler, logger } = handlerWithCapturedLogs();
    ddb.onAnyCommand().rejects(conditionFailed());
    ddb.on(GetCommand).resolves(current ? { Item: current } : {});

    const result = await handler(httpApiEvent(spec), lambdaContext(REQUEST_ID));

    expect(result.statusCode).toBe(status);
    expectNoLeak(result.body);
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });

  test("a create whose fresh id is taken is a fault: 500, logged once", async () => {
    const { handler, logger } = handlerWithCapturedLogs();
    ddb.onAnyCommand().rejects(conditionFailed());

    const result = await handler(
      httpApiEvent({ method: "POST", resource: "/notes", body: { title: "t" } }),
      lambdaContext(REQUEST_ID),
    );

    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"error":"internal error"}');
    expect(logger.lines.filter((line) => line.level === "error")).toHaveLength(1);
  });

  test("a fault while reading why a versioned write was refused is that fault's answer", async () => {
    const { handler, logger } = handlerWithCapturedLogs();
    const fault = networkError("ECONNRESET", "read");
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).rejects(fault);

    const result = await handler(httpApiEvent(patch({ "If-Match": '"1"' })), lambdaContext(REQUEST_ID));

    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"error":"internal error"}');
    expect(result.headers["retry-after"]).toBeUndefined();
    const errors = logger.lines.filter((line) => line.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe("store fault");
    expect(causeChain(errors[0]?.attributes.error)).toContain(fault);
  });
});

describe("the fault as the real logger writes it", () => {
  test("one JSON error line with the request id and the SDK error as the cause, then the request line", async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, "write").mockImplementation(capture);
    vi.spyOn(process.stderr, "write").mockImplementation(capture);
    const handler = createHandler(readConfig({}), { client, logger: createLogger("INFO") });
    ddb.onAnyCommand().rejects(networkError("ECONNREFUSED", "connect"));

    try {
      await handler(httpApiEvent({ method: "GET", resource: "/notes" }), lambdaContext(REQUEST_ID));
    } finally {
      vi.restoreAllMocks();
    }

    const records = written
      .join("")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => [record.level, record.message])).toEqual([
      ["ERROR", "store fault"],
      ["INFO", "request"],
    ]);
    expect(records[0]).toMatchObject({
      requestId: REQUEST_ID,
      route: "GET /notes",
      error: {
        name: "StoreUnavailableError",
        cause: { message: expect.stringContaining("ECONNREFUSED") },
      },
    });
    expect(records[1]).toMatchObject({ status: 500, requestId: REQUEST_ID, latencyMs: expect.any(Number) });
  });
});

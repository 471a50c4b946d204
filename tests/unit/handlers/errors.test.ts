import { describe, expect, test, vi } from "vitest";
import { AlreadyExistsError, StoreUnavailableError, ThrottledError } from "../../../src/domain/index.ts";
import { apiGatewayEvent, lambdaContext } from "../../support/events.ts";
import { createTestApp, idOf, PAYLOAD_FORMATS } from "./app-harness.ts";

describe.each(PAYLOAD_FORMATS)("faults behind the service, payload %s", (format) => {
  test("answers 503 with Retry-After when DynamoDB throttled the request", async () => {
    const app = createTestApp(format);
    vi.spyOn(app.repository, "list").mockRejectedValueOnce(new ThrottledError(3));

    const answer = await app.list();

    expect(answer.status).toBe(503);
    expect(answer.headers).toMatchObject({ "retry-after": "3", "content-type": "application/json" });
    expect(answer.json).toEqual({ error: expect.any(String) });
  });

  test("rounds Retry-After up to whole seconds, at least one", async () => {
    const app = createTestApp(format);
    vi.spyOn(app.repository, "create").mockRejectedValueOnce(new ThrottledError(0.2));

    const answer = await app.create({ title: "t" });

    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("1");
  });

  test("answers exactly 'internal error', without Retry-After, when the store could not be reached", async () => {
    const app = createTestApp(format);
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:8000 table notes-prod");
    const unavailable = new StoreUnavailableError({ cause });
    vi.spyOn(app.repository, "list").mockRejectedValueOnce(unavailable);

    const answer = await app.list();

    expect(answer.status).toBe(500);
    expect(answer.body).toBe('{"error":"internal error"}');
    expect(answer.headers).toEqual({
      "content-type": "application/json",
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
  });

  test("logs a store that could not be reached once, as a store fault, with the request id and cause", async () => {
    const app = createTestApp(format);
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:8000");
    const unavailable = new StoreUnavailableError({ cause });
    vi.spyOn(app.repository, "get").mockRejectedValueOnce(unavailable);

    await app.get(app.ids.next());

    const errors = app.logger.lines.filter((line) => line.level === "error");
    expect(errors).toEqual([
      {
        level: "error",
        message: "store fault",
        attributes: expect.objectContaining({
          route: "GET /notes/{id}",
          requestId: "lambda-request-id",
          error: unavailable,
        }),
      },
    ]);
  });

  test("answers exactly 'internal error' for an unexpected error, without its message", async () => {
    const app = createTestApp(format);
    const secret = new Error("ResourceNotFoundException: Requested resource not found: Table: notes-prod");
    vi.spyOn(app.repository, "get").mockRejectedValueOnce(secret);

    const answer = await app.get(app.ids.next());

    expect(answer.status).toBe(500);
    expect(answer.body).toBe('{"error":"internal error"}');
    expect(answer.headers).toEqual({
      "content-type": "application/json",
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
  });

  test("hides an unexpected error even when it carries a 4xx statusCode of its own", async () => {
    const app = createTestApp(format);
    const sdkLike = Object.assign(new Error("ValidationException: item size exceeded in table notes-prod"), {
      statusCode: 400,
      expose: true,
    });
    vi.spyOn(app.repository, "update").mockRejectedValueOnce(sdkLike);

    const answer = await app.update(app.ids.next(), { title: "t" });

    expect(answer.status).toBe(500);
    expect(answer.body).toBe('{"error":"internal error"}');
  });

  test("answers 500 for a domain error the contract gives no status", async () => {
    const app = createTestApp(format);
    vi.spyOn(app.repository, "create").mockRejectedValueOnce(new AlreadyExistsError());

    const answer = await app.create({ title: "t" });

    expect(answer.status).toBe(500);
    expect(answer.body).toBe('{"error":"internal error"}');
  });

  test("answers a clean 500 before the Lambda timeout when the store hangs", async () => {
    const app = createTestApp(format);
    vi.spyOn(app.repository, "get").mockReturnValueOnce(new Promise(() => {}));
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => 300 };
    const started = Date.now();

    const result = await app.handler(
      apiGatewayEvent(format, {
        method: "GET",
        resource: "/notes/{id}",
        pathParameters: { id: app.ids.next() },
      }),
      context,
    );

    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"error":"internal error"}');
    expect(Date.now() - started).toBeLessThan(300);
  });

  test("logs an unexpected error once, with the request id and the error itself", async () => {
    const app = createTestApp(format);
    const secret = new Error("connect ECONNREFUSED 127.0.0.1:8000");
    vi.spyOn(app.repository, "delete").mockRejectedValueOnce(secret);

    await app.remove(app.ids.next());

    const errors = app.logger.lines.filter((line) => line.level === "error");
    expect(errors).toEqual([
      {
        level: "error",
        message: "unexpected error",
        attributes: expect.objectContaining({
          route: "DELETE /notes/{id}",
          requestId: "lambda-request-id",
          error: secret,
        }),
      },
    ]);
  });

  test("does not log an error for a client error", async () => {
    const app = createTestApp(format);

    await app.get("does-not-exist");
    await app.create({ title: 1 });

    expect(app.logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });
});

describe.each(PAYLOAD_FORMATS)("route keys, payload %s", (format) => {
  test("answers 404 naming a route key the function does not serve", async () => {
    const app = createTestApp(format);

    const answer = await app.send({ method: "PUT", resource: "/notes/{id}", pathParameters: { id: "x" } });

    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: "route not found", route: "PUT /notes/{id}" });
    expect(answer.headers["content-type"]).toBe("application/json");
  });
});

describe("direct invocations", () => {
  test.each([
    ["the $default route", { version: "2.0", routeKey: "$default" }, "$default"],
    ["an empty event", {}, ""],
    ["no event at all", null, ""],
  ])("answer 404 route not found for %s", async (_, event, route) => {
    const app = createTestApp("2.0");

    const answer = await app.invoke(event);

    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: "route not found", route });
  });

  test("a bare event with a known route key and no other fields is still answered cleanly", async () => {
    const app = createTestApp("2.0");
    const created = await app.create({ title: "t" });

    const answer = await app.invoke({
      version: "2.0",
      routeKey: "GET /notes/{id}",
      pathParameters: { id: idOf(created) },
    });

    expect(answer.status).toBe(200);
  });
});

describe("request logs", () => {
  test.each(PAYLOAD_FORMATS)(
    "one line per request with route, status, latency and request id (payload %s)",
    async (format) => {
      const app = createTestApp(format);

      await app.create({ title: "t" });
      await app.get("does-not-exist");

      expect(app.logger.lines).toEqual([
        {
          level: "info",
          message: "request",
          attributes: expect.objectContaining({
            route: "POST /notes",
            status: 201,
            latencyMs: expect.any(Number),
            requestId: "lambda-request-id",
          }),
        },
        {
          level: "info",
          message: "request",
          attributes: expect.objectContaining({ route: "GET /notes/{id}", status: 404 }),
        },
      ]);
    },
  );
});

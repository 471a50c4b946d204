import { describe, expect, test, vi } from "vitest";
import { StoreUnavailableError, ThrottledError } from "../../../src/domain/index.ts";
import { createApp } from "../../../src/handlers/app.ts";
import type { AppLogger } from "../../../src/handlers/logger.ts";
import { apiGatewayEvent, lambdaContext } from "../../support/events.ts";
import { createInMemoryNotes } from "../../support/in-memory-stores.ts";
import { type Answer, createTestApp, idOf, PAYLOAD_FORMATS } from "./app-harness.ts";

type TestApp = ReturnType<typeof createTestApp>;

function expectSecurityHeaders(answer: Answer): void {
  expect(answer.headers["x-content-type-options"], `status ${answer.status}`).toBe("nosniff");
  expect(answer.headers["cache-control"], `status ${answer.status}`).toBe("no-store");
}

/** One request per kind of answer the function gives, each with the status it must have. */
const ANSWERS: [string, number, (app: TestApp) => Promise<Answer>][] = [
  ["a created note", 201, (app) => app.create({ title: "t" })],
  ["a read note", 200, async (app) => app.get(idOf(await app.create({ title: "t" })))],
  ["a page of notes", 200, (app) => app.list()],
  ["an updated note", 200, async (app) => app.update(idOf(await app.create({ title: "t" })), { title: "u" })],
  ["a deletion (no body)", 204, async (app) => app.remove(idOf(await app.create({ title: "t" })))],
  ["a validation error", 400, (app) => app.create({ content: "no title" })],
  [
    "a malformed JSON body",
    400,
    (app) => app.create('{"title": ', { headers: { "content-type": "application/json" } }),
  ],
  ["a bad cursor", 400, (app) => app.list({ cursor: "forged" })],
  ["a missing note", 404, (app) => app.get(app.ids.next())],
  [
    "a stale If-Match",
    412,
    async (app) => app.remove(idOf(await app.create({ title: "t" })), { headers: { "If-Match": '"7"' } }),
  ],
  [
    "a body that is not JSON",
    415,
    (app) => app.create("title=t", { headers: { "content-type": "application/x-www-form-urlencoded" } }),
  ],
  [
    "an unexpected fault",
    500,
    (app) => {
      vi.spyOn(app.repository, "list").mockRejectedValueOnce(new Error("socket hang up"));
      return app.list();
    },
  ],
  [
    "a store that could not be reached",
    500,
    (app) => {
      vi.spyOn(app.repository, "list").mockRejectedValueOnce(new StoreUnavailableError());
      return app.list();
    },
  ],
  [
    "a throttled request",
    503,
    (app) => {
      vi.spyOn(app.repository, "list").mockRejectedValueOnce(new ThrottledError(1));
      return app.list();
    },
  ],
  [
    "a route key the function does not know",
    404,
    (app) => app.send({ method: "PUT", resource: "/notes/{id}", pathParameters: { id: "x" } }),
  ],
];

describe.each(PAYLOAD_FORMATS)("security headers, payload %s", (format) => {
  test.each(ANSWERS)("answers %s (%i) with nosniff and no-store", async (_, status, request) => {
    const app = createTestApp(format);

    const answer = await request(app);

    expect(answer.status, answer.body).toBe(status);
    expectSecurityHeaders(answer);
  });

  test("keeps the security headers when the route's own error stack fails", async () => {
    // The route's error mapping logs an unexpected error; a logger that fails once makes that mapping
    // itself throw, so the entry's last-resort 500 answers.
    const notes = createInMemoryNotes();
    let failures = 0;
    const logger: AppLogger = {
      info: () => {},
      error: () => {
        if (failures++ === 0) throw new Error("log sink down");
      },
    };
    const handler = createApp(notes.service, { logger });
    vi.spyOn(notes.repository, "list").mockRejectedValueOnce(new Error("socket hang up"));

    const result = await handler(
      apiGatewayEvent(format, { method: "GET", resource: "/notes" }),
      lambdaContext(),
    );

    expect(failures).toBe(2);
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"error":"internal error"}');
    expect(result.headers["x-content-type-options"]).toBe("nosniff");
    expect(result.headers["cache-control"]).toBe("no-store");
  });
});

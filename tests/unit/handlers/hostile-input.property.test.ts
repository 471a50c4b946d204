/**
 * Hostile input at the handler: generated bodies, headers, ids, query strings and authorizer principals thrown
 * at the real handler stack (createApp over the real service and the in-memory fakes), dressed as payload 2.0
 * and 1.0 events. Whatever comes in: never a 5xx, every error a clean JSON `error` body, nothing written on a
 * 4xx, and valid requests still succeed and round-trip exactly.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Note } from "../../../src/domain/index.ts";
import { apiGatewayEvent, type PayloadFormat, type RequestSpec } from "../../support/events.ts";
import {
  codePoints,
  contentType,
  delimiterText,
  detailFields,
  errorBodyProblem,
  hostileBodyText,
  hostileNoteId,
  hostileQuery,
  hostileText,
  hugeText,
  idempotencyKey,
  ifMatch,
  isWellFormed,
  sometimes,
  textWithLoneSurrogate,
  validContent,
  validTitle,
} from "../../support/hostile-input.ts";
import { type Answer, createTestApp } from "./app-harness.ts";

const format = fc.constantFrom<PayloadFormat>("2.0", "1.0");

/** Where an authorizer puts the principal, for both payload formats. */
const PRINCIPAL_SHAPES = {
  jwt: (principal: string) => ({ jwt: { claims: { sub: principal }, scopes: null } }),
  lambda: (principal: string) => ({ lambda: { principalId: principal } }),
  claims: (principal: string) => ({ claims: { sub: principal } }),
  principalId: (principal: string) => ({ principalId: principal, integrationLatency: 0 }),
};
const principalShape = fc.constantFrom(
  ...(Object.keys(PRINCIPAL_SHAPES) as (keyof typeof PRINCIPAL_SHAPES)[]),
);

/** A usable principal: 1..255 code points of well-formed text, delimiters and all. */
const validPrincipal = fc
  .oneof(
    delimiterText,
    fc.string({ unit: "binary", minLength: 1, maxLength: 255 }),
    fc.constantFrom("alice", "_".repeat(255), "%".repeat(255), "😀".repeat(255), "#".repeat(255)),
  )
  .filter((principal) => principal !== "" && codePoints(principal) <= 255);

/** A principal no key can hold: past 255 code points, or not well-formed. */
const invalidPrincipal = fc.oneof(
  hugeText.filter((text) => codePoints(text) > 255),
  textWithLoneSurrogate,
  fc.constantFrom("a".repeat(256), "_".repeat(700), "😀".repeat(600), "x".repeat(2100)),
);

const OWNER_LIMIT = 255;

function isUsableOwner(owner: string): boolean {
  return codePoints(owner) >= 1 && codePoints(owner) <= OWNER_LIMIT && isWellFormed(owner);
}

type Query = Record<string, string | string[]>;

/**
 * The event for a request in either payload format. Query values are put in place here rather than by the
 * events helper, whose rawQueryString encoder cannot take an unpaired surrogate.
 */
function eventFor(payloadFormat: PayloadFormat, spec: RequestSpec, query: Query = {}): unknown {
  const event = apiGatewayEvent(payloadFormat, spec) as unknown as Record<string, unknown>;
  const entries = Object.entries(query).map(([name, value]): [string, string[]] => [
    name,
    Array.isArray(value) ? value : [value],
  ]);
  if (entries.length === 0) return event;
  if (payloadFormat === "2.0") {
    event.queryStringParameters = Object.fromEntries(
      entries.map(([name, values]) => [name, values.join(",")]),
    );
    event.rawQueryString = entries
      .map(([name, values]) => values.map((v) => `${name}=${v}`).join("&"))
      .join("&");
  } else {
    event.queryStringParameters = Object.fromEntries(entries.map(([name, values]) => [name, values.at(-1)]));
    event.multiValueQueryStringParameters = Object.fromEntries(entries);
  }
  return event;
}

/** Everything the fakes hold that a request could change, as comparable text. */
function storeSnapshot(
  app: ReturnType<typeof createTestApp>,
  owner: string,
  key: string | undefined,
): string {
  const notes = app.repository.allNotes().sort((a, b) => (a.noteId < b.noteId ? -1 : 1));
  return JSON.stringify([notes, key === undefined ? null : (app.idempotency.record(owner, key) ?? null)]);
}

/** The contract every answer keeps, whatever the request: no 5xx, and a clean JSON error for any 4xx. */
function expectCleanAnswer(answer: Answer): void {
  expect(answer.status, answer.body).toBeGreaterThanOrEqual(200);
  expect(answer.status, answer.body).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(errorBodyProblem(answer.body)).toBeUndefined();
  } else if (answer.status === 204) {
    expect(answer.body).toBe("");
  }
}

/** A note stored directly in the fake, for any owner (even one the service would refuse). */
function seedNote(app: ReturnType<typeof createTestApp>, owner: string): Promise<Note> {
  const note: Note = {
    owner,
    noteId: app.ids.next(),
    title: "seeded",
    content: "seeded content",
    createdAt: app.clock.nowSeconds(),
    updatedAt: app.clock.nowSeconds(),
    version: 1,
  };
  return app.repository.create(note).then(() => note);
}

const ROUTES = [
  { method: "POST", resource: "/notes" },
  { method: "GET", resource: "/notes" },
  { method: "GET", resource: "/notes/{id}" },
  { method: "PATCH", resource: "/notes/{id}" },
  { method: "DELETE", resource: "/notes/{id}" },
] as const;

const headerName = fc.oneof(
  fc.constantFrom(
    "Content-Type",
    "content-type",
    "CONTENT-TYPE",
    "Idempotency-Key",
    "If-Match",
    "x-amz-target",
  ),
  fc.string({ unit: fc.constantFrom(..."abcxyz-_.~!#$%&'*+^`|"), minLength: 1, maxLength: 8 }),
);

/** Any request to any route: every part of it generated, most parts hostile. */
const hostileRequest = fc.record({
  format,
  // Mostly the routes with a body: most of the hostile input is in bodies.
  route: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(ROUTES[0], ROUTES[3]) },
    { weight: 2, arbitrary: fc.constantFrom(...ROUTES) },
  ),
  id: fc.oneof(fc.constantFrom("existing", "missing"), hostileNoteId),
  body: fc.option(hostileBodyText, { nil: undefined, freq: 8 }),
  base64: fc.boolean(),
  // Mostly JSON, so that most bodies get past the content-type check to the parts behind it.
  contentType: fc.oneof(
    { weight: 2, arbitrary: fc.constant("application/json") },
    { weight: 1, arbitrary: contentType },
  ),
  idempotencyKey: sometimes(idempotencyKey, 2),
  ifMatch: sometimes(ifMatch),
  otherHeaders: fc.array(
    fc.tuple(headerName, fc.oneof(hostileText, fc.array(hostileText, { minLength: 2, maxLength: 2 }))),
    {
      maxLength: 3,
    },
  ),
  query: hostileQuery,
  // Half without an authorizer; a principal no key can hold answers 400 before anything else is looked at.
  principal: sometimes(
    fc.tuple(principalShape, fc.oneof({ weight: 2, arbitrary: validPrincipal }, invalidPrincipal)),
    2,
  ),
});

describe("the handler under hostile input", () => {
  test("never answers 5xx, always answers errors as a clean JSON error body, and writes nothing on a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const app = createTestApp(request.format);
        const owner = request.principal?.[1] ?? "default";
        const existing = await seedNote(app, owner);
        await seedNote(app, "default");
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of request.otherHeaders) headers[name] = value;
        if (request.contentType !== undefined) headers["Content-Type"] = request.contentType;
        if (request.idempotencyKey !== undefined) headers["Idempotency-Key"] = request.idempotencyKey;
        if (request.ifMatch !== undefined) headers["If-Match"] = request.ifMatch;
        const id =
          request.id === "existing"
            ? existing.noteId
            : request.id === "missing"
              ? app.ids.next()
              : request.id;
        const spec: RequestSpec = {
          ...request.route,
          ...(request.route.resource === "/notes/{id}" ? { pathParameters: { id } } : {}),
          headers,
          ...(request.body === undefined ? {} : { body: request.body, base64: request.base64 }),
          ...(request.principal
            ? { authorizer: PRINCIPAL_SHAPES[request.principal[0]](request.principal[1]) }
            : {}),
        };
        const key = typeof headers["Idempotency-Key"] === "string" ? headers["Idempotency-Key"] : undefined;
        const before = storeSnapshot(app, owner, key);

        const answer = await app.invoke(eventFor(request.format, spec, request.query));

        expectCleanAnswer(answer);
        if (answer.status >= 400) expect(storeSnapshot(app, owner, key)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  test("refuses title or content that is not well-formed Unicode as a 400 naming the field, writing nothing", async () => {
    const field = fc.oneof(validTitle, textWithLoneSurrogate);
    await fc.assert(
      fc.asyncProperty(
        format,
        fc.constantFrom("POST", "PATCH"),
        fc.record(
          { title: field, content: fc.oneof(validContent, textWithLoneSurrogate) },
          { requiredKeys: [] },
        ),
        async (payloadFormat, method, body) => {
          fc.pre(Object.values(body).some((value) => !isWellFormed(value)));
          const app = createTestApp(payloadFormat);
          const note = await app.service.create("default", { title: "before" });
          const before = storeSnapshot(app, "default", undefined);

          const answer =
            method === "POST" ? await app.create(body) : await app.update(note.note.noteId, body);

          expect(answer.status, answer.body).toBe(400);
          if (method === "POST" && body.title === undefined) {
            expect(answer.body).toBe('{"error":"title is required"}');
            return;
          }
          expect(errorBodyProblem(answer.body)).toBeUndefined();
          const named = detailFields(answer.body);
          expect(named.length).toBeGreaterThan(0);
          for (const name of named) {
            expect(["title", "content"]).toContain(name);
            expect(isWellFormed(body[name as "title" | "content"] ?? "")).toBe(false);
          }
          expect(storeSnapshot(app, "default", undefined)).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("refuses an Idempotency-Key outside 1..255 printable ASCII as a 400 naming it, and replays a valid one", async () => {
    await fc.assert(
      fc.asyncProperty(format, idempotencyKey, validTitle, async (payloadFormat, key, title) => {
        const app = createTestApp(payloadFormat);
        const extra = { headers: { "Idempotency-Key": key } };

        const first = await app.create({ title }, extra);

        if (/^[\x21-\x7e]{1,255}$/.test(key)) {
          expect(first.status, first.body).toBe(201);
          const again = await app.create({ title }, extra);
          expect(again.status).toBe(201);
          expect(again.json).toEqual(first.json);
          expect(app.repository.allNotes()).toHaveLength(1);
        } else {
          expect(first.status, first.body).toBe(400);
          expect(detailFields(first.body)).toEqual(["Idempotency-Key"]);
          expect(app.repository.allNotes()).toEqual([]);
          expect(app.idempotency.record("default", key)).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  test("answers If-Match garbage with 412 for an existing note, changing nothing, and a matching tag with 200", async () => {
    await fc.assert(
      fc.asyncProperty(
        format,
        fc.constantFrom("PATCH", "DELETE"),
        ifMatch,
        async (payloadFormat, method, tag) => {
          const app = createTestApp(payloadFormat);
          const { note } = await app.service.create("default", { title: "before" });
          const before = storeSnapshot(app, "default", undefined);
          const extra = { headers: { "If-Match": tag } };

          const answer =
            method === "PATCH"
              ? await app.update(note.noteId, { title: "after" }, extra)
              : await app.remove(note.noteId, extra);

          const matches = tag.trim() === "*" || tag.trim() === '"1"';
          if (matches) {
            expect(answer.status, answer.body).toBe(method === "PATCH" ? 200 : 204);
          } else {
            expect(answer.status, answer.body).toBe(412);
            expectCleanAnswer(answer);
            expect(storeSnapshot(app, "default", undefined)).toBe(before);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test("answers ids the service never made, however long or odd, with exactly 404 not found", async () => {
    await fc.assert(
      fc.asyncProperty(
        format,
        fc.constantFrom("GET", "PATCH", "DELETE"),
        hostileNoteId,
        async (payloadFormat, method, id) => {
          const app = createTestApp(payloadFormat);
          await app.service.create("default", { title: "kept" });
          const before = storeSnapshot(app, "default", undefined);

          const answer =
            method === "GET"
              ? await app.get(id)
              : method === "PATCH"
                ? await app.update(id, { title: "x" })
                : await app.remove(id);

          expect(answer.status, answer.body).toBe(404);
          expect(answer.body).toBe('{"error":"not found"}');
          expect(storeSnapshot(app, "default", undefined)).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("lists for a query of only a limit from 1 to 100, and refuses any other query as a 400 naming it", async () => {
    await fc.assert(
      fc.asyncProperty(format, hostileQuery, async (payloadFormat, query) => {
        const app = createTestApp(payloadFormat);
        await app.service.create("default", { title: "listed" });
        const joined = Object.entries(query).map(
          ([name, value]) => [name, [value].flat().join(",")] as const,
        );
        const refused = joined.filter(
          ([name, value]) =>
            name !== "limit" || !/^[0-9]{1,6}$/.test(value) || Number(value) < 1 || Number(value) > 100,
        );

        const answer = await app.invoke(
          eventFor(payloadFormat, { method: "GET", resource: "/notes" }, query),
        );

        if (refused.length === 0) {
          expect(answer.status, answer.body).toBe(200);
          expect((answer.json as { items: unknown[] }).items).toHaveLength(1);
        } else {
          expect(answer.status, answer.body).toBe(400);
          expect(errorBodyProblem(answer.body)).toBeUndefined();
          const refusedNames = refused.map(([name]) => name);
          expect(detailFields(answer.body).some((name) => refusedNames.includes(name))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("accepts a body only under a JSON content type (application/json or */*+json), else 415, writing nothing", async () => {
    await fc.assert(
      fc.asyncProperty(format, contentType, fc.boolean(), async (payloadFormat, type, base64) => {
        const app = createTestApp(payloadFormat);
        const headers: Record<string, string> = type === undefined ? {} : { "Content-Type": type };

        const answer = await app.send({
          method: "POST",
          resource: "/notes",
          headers,
          body: JSON.stringify({ title: "typed" }),
          base64,
        });

        const mediaType = (type ?? "").split(";")[0] ?? "";
        if (/^application\/([a-z0-9.+-]+\+)?json$/i.test(mediaType)) {
          expect(answer.status, answer.body).toBe(201);
        } else {
          expect(answer.status, answer.body).toBe(415);
          expectCleanAnswer(answer);
          expect(app.repository.allNotes()).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("serves principals of 1 to 255 characters, delimiters and all, each to itself alone", async () => {
    await fc.assert(
      fc.asyncProperty(
        format,
        principalShape,
        validPrincipal,
        validTitle,
        async (payloadFormat, shape, principal, title) => {
          const app = createTestApp(payloadFormat);
          const authorizer = PRINCIPAL_SHAPES[shape](principal);
          await app.service.create("default", { title: "someone else's" });

          const created = await app.create({ title }, { authorizer });
          const listed = await app.list({}, { authorizer });

          expect(created.status, created.body).toBe(201);
          expect((listed.json as { items: unknown[] }).items).toEqual([created.json]);
          expect(app.repository.allNotes().filter((note) => note.owner === principal)).toHaveLength(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("refuses a principal past 255 characters or not well-formed as a 400 naming the owner, on every route", async () => {
    await fc.assert(
      fc.asyncProperty(
        format,
        principalShape,
        invalidPrincipal,
        fc.constantFrom(...ROUTES),
        async (payloadFormat, shape, principal, route) => {
          fc.pre(!isUsableOwner(principal));
          const app = createTestApp(payloadFormat);
          const existing = await seedNote(app, principal);
          const before = storeSnapshot(app, principal, "k");

          const answer = await app.send({
            ...route,
            pathParameters: { id: existing.noteId },
            ...(route.method === "POST" || route.method === "PATCH" ? { body: { title: "t" } } : {}),
            headers: route.method === "POST" ? { "Idempotency-Key": "k" } : {},
            authorizer: PRINCIPAL_SHAPES[shape](principal),
          });

          expect(answer.status, answer.body).toBe(400);
          expect(errorBodyProblem(answer.body)).toBeUndefined();
          expect(detailFields(answer.body)).toEqual(["owner"]);
          expect(storeSnapshot(app, principal, "k")).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("creates, reads, lists, updates and deletes any valid title and content exactly as sent", async () => {
    await fc.assert(
      fc.asyncProperty(
        format,
        validTitle,
        validContent,
        validTitle,
        validContent,
        fc.boolean(),
        async (payloadFormat, title, content, newTitle, newContent, base64) => {
          const app = createTestApp(payloadFormat);

          const created = await app.create({ title, content }, { base64 });
          const id = (created.json as { note_id: string }).note_id;
          const read = await app.get(id);
          const listed = await app.list();
          const updated = await app.update(
            id,
            { title: newTitle, content: newContent },
            { headers: { "If-Match": '"1"' } },
          );
          const reread = await app.get(id);
          const removed = await app.remove(id, { headers: { "If-Match": '"2"' } });

          expect(created.status, created.body).toBe(201);
          expect(created.json).toMatchObject({ title: title.trim(), content, version: 1 });
          expect(read.json).toEqual(created.json);
          expect((listed.json as { items: unknown[] }).items).toEqual([created.json]);
          expect(updated.status, updated.body).toBe(200);
          expect(updated.json).toMatchObject({
            note_id: id,
            title: newTitle.trim(),
            content: newContent,
            version: 2,
          });
          expect(reread.json).toEqual(updated.json);
          expect(removed.status).toBe(204);
          expect(app.repository.allNotes()).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

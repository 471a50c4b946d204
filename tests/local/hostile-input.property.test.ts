/**
 * Hostile input at the local endpoint: generated requests over real HTTP (node:http, so paths and header bytes
 * go out exactly as written) to the local gateway, the bundled handler, ElectroDB and the dynalite emulator in
 * memory. This path sees what the handler tests cannot: key sizes, Unicode on the wire and in the store, the
 * gateway's own parsing of paths, queries and headers. Whatever comes in: never a 5xx, every error a clean
 * JSON `error` body with no internal detail, nothing written on a 4xx, valid notes round-trip exactly.
 */
import { Agent, request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LocalEndpoint, startLocalEndpoint } from "../../local/start.ts";
import {
  contentType,
  detailFields,
  errorBodyProblem,
  hostileBodyText,
  hostileNoteId,
  hostileQuery,
  hostileText,
  idempotencyKey,
  ifMatch,
  isWellFormed,
  sometimes,
  textWithLoneSurrogate,
  validContent,
  validTitle,
} from "../support/hostile-input.ts";

const TABLE = "hostile-input-table";
const againstDeployedStack = Boolean(process.env.API_URL);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface WireNote {
  note_id: string;
  title: string;
  content: string;
  version: number;
}

let endpoint: LocalEndpoint;
let base: URL;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
let restoreEnv: () => void;

/** One request, path and headers sent byte for byte as given (node:http refuses only control characters). */
function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const bytes = body === undefined ? undefined : Buffer.from(body, "utf8");
    const outgoing = httpRequest(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: { ...headers, ...(bytes ? { "content-length": String(bytes.length) } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(bytes);
  });
}

const UNRESERVED = /[A-Za-z0-9_~-]/;

/**
 * The text's UTF-8 with every byte but unreserved ASCII percent-encoded: the server decodes exactly this text
 * (an unpaired surrogate as U+FFFD, which is all UTF-8 can carry).
 */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return UNRESERVED.test(char) ? char : `%${byte.toString(16).padStart(2, "0")}`;
    })
    .join("");
}

/**
 * The most bytes of request target and header values sent. More never reach the function: API Gateway refuses
 * a request line and headers past 10 KB, Node's server (the local gateway) past 16 KB, with its own bodiless 431.
 */
const MAX_HEAD_LENGTH = 8192;

/** What a header value becomes on the wire: its UTF-8 bytes read back as Latin-1, without controls, trimmed. */
function onTheWire(value: string): string {
  return Buffer.from(value, "utf8")
    .toString("latin1")
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, "")
    .replace(/^[ \t]+|[ \t]+$/g, "");
}

function queryString(query: Record<string, string | string[]>, rawTail: string): string {
  const pairs = Object.entries(query).flatMap(([name, value]) =>
    [value].flat().map((v) => `${percentEncoded(name)}=${percentEncoded(v)}`),
  );
  const text = pairs.join("&") + rawTail;
  return text === "" ? "" : `?${text}`;
}

/** Every note of the (default) owner, all pages followed: what a 4xx must leave as it was. */
async function allNotes(): Promise<WireNote[]> {
  const notes: WireNote[] = [];
  let cursor: string | null = null;
  do {
    const reply = await call(
      "GET",
      `/notes?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(reply.status, reply.body).toBe(200);
    const page = JSON.parse(reply.body) as { items: WireNote[]; next_cursor: string | null };
    notes.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return notes;
}

/** The contract every answer keeps: no 5xx; a 4xx is a clean JSON error naming nothing internal. */
function expectCleanReply(reply: Reply): void {
  expect(reply.status, reply.body).toBeGreaterThanOrEqual(200);
  expect(reply.status, reply.body).toBeLessThan(500);
  if (reply.status >= 400) {
    expect(reply.headers["content-type"]).toBe("application/json");
    expect(errorBodyProblem(reply.body, [TABLE])).toBeUndefined();
  }
}

async function createNote(title = "seeded"): Promise<WireNote> {
  const reply = await call(
    "POST",
    "/notes",
    { "content-type": "application/json" },
    JSON.stringify({ title }),
  );
  expect(reply.status, reply.body).toBe(201);
  return JSON.parse(reply.body) as WireNote;
}

const rawQueryTail = fc.constantFrom(
  "",
  "&",
  "&&=&",
  "&limit=%ED%A0%80",
  "&cursor=%zz%",
  "&limit",
  "&=x",
  "&%",
);

const headerValue = fc.oneof(hostileText, fc.string({ maxLength: 20 })).map(onTheWire);

beforeAll(async () => {
  const saved = { ...process.env };
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.AWS_ENDPOINT_URL;
  process.env.LOG_LEVEL = "ERROR";
  restoreEnv = () => {
    process.env = saved;
  };
  if (againstDeployedStack) return;
  endpoint = await startLocalEndpoint({
    port: 0,
    dataDir: null,
    watch: false,
    tableName: TABLE,
    log: () => {},
  });
  base = new URL(endpoint.url);
});

afterAll(async () => {
  agent.destroy();
  await endpoint?.close();
  restoreEnv();
});

/** Idempotency-Keys the catch-all property sent; the key property meets some again (their alphabet is small). */
const keysSentEarlier = new Set<string>();

describe.skipIf(againstDeployedStack)("the local endpoint under hostile input", () => {
  test("never answers 5xx, answers every error as a clean JSON error body, and writes nothing on a 4xx", async () => {
    const existing = await createNote();
    const request = fc.record({
      route: fc.constantFrom(
        "POST /notes",
        "GET /notes",
        "GET /notes/{id}",
        "PATCH /notes/{id}",
        "DELETE /notes/{id}",
      ),
      id: fc.oneof(
        { weight: 1, arbitrary: fc.constant(existing.note_id) },
        { weight: 2, arbitrary: hostileNoteId.filter((id) => id !== "") },
      ),
      body: fc.option(hostileBodyText, { nil: undefined, freq: 8 }),
      // Mostly JSON, so that most bodies get past the content-type check to the parts behind it.
      contentType: fc.oneof(
        { weight: 2, arbitrary: fc.constant("application/json") },
        {
          weight: 1,
          arbitrary: contentType.map((type) => (type === undefined ? undefined : onTheWire(type))),
        },
      ),
      idempotencyKey: sometimes(idempotencyKey.map(onTheWire), 2),
      ifMatch: sometimes(ifMatch.map(onTheWire)),
      other: sometimes(headerValue),
      query: hostileQuery,
      rawTail: rawQueryTail,
    });
    // The notes as last listed, while no request since could have changed them (only 4xx answers followed).
    let known: WireNote[] | undefined;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method = "", resource = ""] = r.route.split(" ");
        const path = resource.replace("{id}", percentEncoded(r.id)) + queryString(r.query, r.rawTail);
        const headers: Record<string, string> = {};
        if (r.contentType !== undefined) headers["content-type"] = r.contentType;
        if (r.idempotencyKey !== undefined) {
          headers["idempotency-key"] = r.idempotencyKey;
          keysSentEarlier.add(r.idempotencyKey);
        }
        if (r.ifMatch !== undefined) headers["if-match"] = r.ifMatch;
        if (r.other !== undefined) headers["x-hostile"] = r.other;
        fc.pre(path.length + Object.values(headers).join("").length <= MAX_HEAD_LENGTH);
        const before = (known ??= await allNotes());

        const reply = await call(method, path, headers, r.body);

        expectCleanReply(reply);
        known = undefined;
        if (reply.status >= 400) {
          known = await allNotes();
          expect(known).toEqual(before);
        }
      }),
      { numRuns: 80 },
    );
  });

  test("refuses title or content that is not well-formed Unicode (JSON escapes) as a 400 naming it, writing nothing", async () => {
    const note = await createNote("kept");
    let known: WireNote[] | undefined;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("POST", "PATCH"),
        fc.oneof(
          fc.record({ title: textWithLoneSurrogate, content: validContent }),
          fc.record({ title: validTitle, content: textWithLoneSurrogate }),
        ),
        async (method, body) => {
          const before = (known ??= await allNotes());
          // JSON.stringify writes an unpaired surrogate as an escape ("\ud800"): ASCII on the wire.
          const text = JSON.stringify(body);

          const reply = await call(
            method,
            method === "POST" ? "/notes" : `/notes/${note.note_id}`,
            { "content-type": "application/json" },
            text,
          );

          expect(reply.status, reply.body).toBe(400);
          expectCleanReply(reply);
          const named = detailFields(reply.body);
          expect(named).toEqual([isWellFormed(body.title) ? "content" : "title"]);
          known = await allNotes();
          expect(known).toEqual(before);
        },
      ),
      { numRuns: 40 },
    );
  });

  test("answers ids the service never made, past DynamoDB's key sizes and full of delimiters, with 404 not found", async () => {
    await createNote("kept");
    let known: WireNote[] | undefined;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "PATCH", "DELETE"),
        hostileNoteId.filter((id) => id !== ""),
        async (method, id) => {
          fc.pre(percentEncoded(id).length <= MAX_HEAD_LENGTH);
          const before = (known ??= await allNotes());

          const reply = await call(
            method,
            `/notes/${percentEncoded(id)}`,
            method === "PATCH" ? { "content-type": "application/json" } : {},
            method === "PATCH" ? '{"title":"x"}' : undefined,
          );

          expect(reply.status, reply.body).toBe(404);
          expect(reply.body).toBe('{"error":"not found"}');
          known = await allNotes();
          expect(known).toEqual(before);
        },
      ),
      { numRuns: 40 },
    );
  });

  test("lists for a query of only a limit from 1 to 100, repeated or not, and refuses any other as a 400 naming it", async () => {
    await fc.assert(
      fc.asyncProperty(hostileQuery, async (query) => {
        // What the gateway hands on: each value decoded from UTF-8 (an unpaired surrogate became U+FFFD),
        // repeats comma-joined.
        const received = new Map<string, string[]>();
        for (const [name, value] of Object.entries(query)) {
          const decode = (text: string) => Buffer.from(text, "utf8").toString("utf8");
          received.set(decode(name), [...(received.get(decode(name)) ?? []), ...[value].flat().map(decode)]);
        }
        const refused = [...received].filter(([name, values]) => {
          const value = values.join(",");
          return name !== "limit" || !/^[0-9]{1,6}$/.test(value) || Number(value) < 1 || Number(value) > 100;
        });

        fc.pre(queryString(query, "").length <= MAX_HEAD_LENGTH);
        const reply = await call("GET", `/notes${queryString(query, "")}`);

        if (refused.length === 0) {
          expect(reply.status, reply.body).toBe(200);
        } else {
          expect(reply.status, reply.body).toBe(400);
          expectCleanReply(reply);
          const refusedNames = refused.map(([name]) => name);
          expect(detailFields(reply.body).some((name) => refusedNames.includes(name))).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  test("refuses an Idempotency-Key outside 1..255 printable ASCII as a 400 naming it, and replays a valid one", async () => {
    // Every case sends its own body, so a valid key that came up in an earlier case is rightly a 422.
    const usedKeys = new Set<string>();
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(idempotencyKey.map(onTheWire), async (key) => {
        fc.pre(key.length <= MAX_HEAD_LENGTH);
        const valid = /^[\x21-\x7e]{1,255}$/.test(key);
        const before = valid ? [] : await allNotes();
        const headers = { "content-type": "application/json", "idempotency-key": key };
        const body = JSON.stringify({ title: `keyed ${++cases}` });

        const first = await call("POST", "/notes", headers, body);

        if (valid && usedKeys.has(key)) {
          expect(first.status, first.body).toBe(422);
        } else if (valid && keysSentEarlier.has(key) && first.status === 422) {
          // The catch-all property above may have created a note with this key and another body.
          expectCleanReply(first);
        } else if (valid) {
          usedKeys.add(key);
          expect(first.status, first.body).toBe(201);
          const again = await call("POST", "/notes", headers, body);
          expect(again.status).toBe(201);
          expect(again.body).toBe(first.body);
        } else {
          expect(first.status, first.body).toBe(400);
          expect(detailFields(first.body)).toEqual(["Idempotency-Key"]);
          expect(await allNotes()).toEqual(before);
        }
      }),
      { numRuns: 40 },
    );
  });

  test("creates, reads, updates and deletes any valid title and content exactly as sent", async () => {
    await fc.assert(
      fc.asyncProperty(
        validTitle,
        validContent,
        validTitle,
        validContent,
        async (title, content, newTitle, newContent) => {
          const json = { "content-type": "application/json; charset=utf-8" };

          const created = await call("POST", "/notes", json, JSON.stringify({ title, content }));
          const note = JSON.parse(created.body) as WireNote;
          const read = await call("GET", `/notes/${note.note_id}`);
          const updated = await call(
            "PATCH",
            `/notes/${note.note_id}`,
            { ...json, "if-match": '"1"' },
            JSON.stringify({ title: newTitle, content: newContent }),
          );
          const reread = await call("GET", `/notes/${note.note_id}`);
          const removed = await call("DELETE", `/notes/${note.note_id}`, { "if-match": '"2"' });

          expect(created.status, created.body).toBe(201);
          expect(note).toMatchObject({ title: title.trim(), content, version: 1 });
          expect(read.body).toBe(created.body);
          expect(updated.status, updated.body).toBe(200);
          expect(JSON.parse(updated.body)).toMatchObject({
            title: newTitle.trim(),
            content: newContent,
            version: 2,
          });
          expect(reread.body).toBe(updated.body);
          expect(removed.status).toBe(204);
        },
      ),
      { numRuns: 40 },
    );
  });
});

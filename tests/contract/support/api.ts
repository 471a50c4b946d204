/** Plain HTTP helpers for the contract tests: what any client of the API could do, nothing more. */
import { randomUUID } from "node:crypto";
import type * as Http from "node:http";
import type * as Https from "node:https";
import { createRequire } from "node:module";
import { expect, inject } from "vitest";

// Loaded with require, not import: the ESM facade of node:http evaluates all of its exports, which loads
// Node's bundled undici (30-50 ms in each test worker, before its first request).
const require = createRequire(import.meta.url);
const http = require("node:http") as typeof Http;
const https = require("node:https") as typeof Https;

export const apiUrl = inject("apiUrl");

/** The wire fields of a note, and no others. */
export const NOTE_FIELDS = ["content", "created_at", "note_id", "title", "updated_at", "version"];

export interface WireNote {
  note_id: string;
  title: string;
  content: string;
  created_at: number;
  updated_at: number;
  version: number;
}

/** Response headers by case-insensitive name; repeated headers joined with ", " (as fetch's Headers does). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface ApiResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
  /** The parsed body, or undefined when it is empty or not JSON. */
  body: unknown;
}

export interface RequestOptions {
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is (set the content-type yourself). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

/**
 * One HTTP request, with Node's own http/https client on keep-alive connections. Not fetch: its WHATWG streams
 * and header objects cost several times the CPU per request, and the suite runs a few hundred of them on the
 * same two cores as the endpoint it tests.
 */
export async function call(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const url = new URL(`${apiUrl}${path}`);
  const secure = url.protocol === "https:";
  const {
    status,
    headers: received,
    text,
  } = await new Promise<{
    status: number;
    headers: NodeJS.Dict<string[]>;
    text: string;
  }>((resolve, reject) => {
    const request = (secure ? https : http).request(
      url,
      { method, headers, agent: secure ? HTTPS_AGENT : HTTP_AGENT },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headersDistinct,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
  // Not fetch's Headers (touching that global loads undici too); headersDistinct keeps every repeated value.
  const responseHeaders: ResponseHeaders = {
    get: (name) => received[name.toLowerCase()]?.join(", ") ?? null,
  };
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status, headers: responseHeaders, text, body: parsed };
}

const HTTP_AGENT = new http.Agent({ keepAlive: true });
const HTTPS_AGENT = new https.Agent({ keepAlive: true });

/** A title no other test (or earlier run) uses, so assertions can be scoped to this test's notes. */
export function uniqueTitle(label: string): string {
  return `${label} ${randomUUID()}`;
}

/**
 * The oldest of these note ids: ids are time-ordered, so the smallest. Lists are newest first, so a walk that
 * has passed it has seen every one of them.
 */
export function oldestNoteId(ids: Iterable<string>): string {
  return [...ids].sort()[0] ?? "";
}

/** One page of GET /notes. */
export interface NotesPage {
  items: WireNote[];
  next_cursor: string | null;
}

/** GET /notes with this query ("" or "?limit=..."): a 200 JSON answer with exactly items and next_cursor. */
export async function listPage(query: string): Promise<NotesPage> {
  const response = await call("GET", `/notes${query}`);
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = response.body as NotesPage;
  expect(Object.keys(body).sort()).toEqual(["items", "next_cursor"]);
  return body;
}

/**
 * The pages of GET /notes from the first, `limit` notes a page, following next_cursor to the end of the list,
 * or, given stopPast, only until a page holds a note older than that id: the list is newest first, so every
 * note at least as new has been seen by then, and a deployed stack's table may keep any number of older ones.
 */
export async function walkNotes(limit: number, stopPast?: string): Promise<NotesPage[]> {
  const pages: NotesPage[] = [];
  let cursor: string | null = null;
  do {
    if (pages.length === 10_000) throw new Error("paging did not end within 10,000 pages");
    const query: string = `?limit=${limit}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
    const current = await listPage(query);
    pages.push(current);
    cursor = current.next_cursor;
    if (stopPast !== undefined && current.items.some((note) => note.note_id < stopPast)) break;
  } while (cursor !== null);
  return pages;
}

export async function createNote(fields: { title: string; content?: string }): Promise<WireNote> {
  const response = await call("POST", "/notes", { json: fields });
  expect(response.status, response.text).toBe(201);
  return response.body as WireNote;
}

export function notePath(noteId: string): string {
  return `/notes/${encodeURIComponent(noteId)}`;
}

/** A well-formed id of a note that does not exist: one made and then deleted. */
export async function deletedNoteId(): Promise<string> {
  const note = await createNote({ title: uniqueTitle("soon gone") });
  const response = await call("DELETE", notePath(note.note_id));
  expect(response.status).toBe(204);
  return note.note_id;
}

/** Asserts a complete note: exactly the contract's fields with the contract's types. */
export function expectWellFormedNote(value: unknown): asserts value is WireNote {
  expect(value).toBeTypeOf("object");
  const note = value as Record<string, unknown>;
  expect(Object.keys(note).sort()).toEqual(NOTE_FIELDS);
  expect(note.note_id).toMatch(/^[A-Za-z0-9_~.-]+$/);
  expect(note.title).toBeTypeOf("string");
  expect(note.content).toBeTypeOf("string");
  for (const field of ["created_at", "updated_at", "version"]) {
    expect(Number.isInteger(note[field]), `${field} is an integer JSON number`).toBe(true);
  }
  // Epoch seconds, not milliseconds: within a day of the client's clock.
  expect(Math.abs((note.created_at as number) - Date.now() / 1000)).toBeLessThan(86_400);
  expect(note.updated_at as number).toBeGreaterThanOrEqual(note.created_at as number);
  expect(note.version as number).toBeGreaterThanOrEqual(1);
}

/** Every error: JSON `{"error": string, "details"?: [{field, message}]}` with no internals in it. */
export function expectErrorBody(
  response: ApiResponse,
  status: number,
): { error: string; details?: unknown[] } {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  const body = response.body as { error: string; details?: { field: string; message: string }[] };
  expect(body).toBeTypeOf("object");
  expect(body.error).toBeTypeOf("string");
  expect(body.error.length).toBeGreaterThan(0);
  expect(Object.keys(body).filter((key) => key !== "error" && key !== "details")).toEqual([]);
  if (body.details !== undefined) {
    expect(Array.isArray(body.details)).toBe(true);
    for (const detail of body.details) {
      expect(Object.keys(detail).sort()).toEqual(["field", "message"]);
      expect(detail.field).toBeTypeOf("string");
      expect(detail.message).toBeTypeOf("string");
    }
  }
  expectNoInternals(response.text);
  return body;
}

/** Asserts the error names these fields in its details. */
export function expectDetailsNaming(response: ApiResponse, status: number, fields: string[]): void {
  const body = expectErrorBody(response, status);
  expect(body.details, response.text).toBeDefined();
  const named = (body.details as { field: string }[]).map((detail) => detail.field);
  for (const field of fields) expect(named, response.text).toContain(field);
}

const INTERNALS = [
  /\n\s+at /, // stack frame
  /\bat .*:\d+:\d+/,
  /node_modules/,
  /\.(ts|js|mjs):\d+/,
  /Exception/,
  /DynamoDB/i,
  /ConditionExpression|ConditionalCheck/,
  /ElectroDB|electro/i,
  /\barn:aws\b/,
  /"stack"/,
];

export function expectNoInternals(text: string): void {
  for (const pattern of INTERNALS)
    expect(text, `error body leaks internals (${pattern})`).not.toMatch(pattern);
}

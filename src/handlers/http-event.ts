import { Buffer } from "node:buffer";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from "aws-lambda";
import { resolveOwner } from "./owner.ts";
import { RequestError } from "./request-error.ts";

/** What API Gateway hands the function: payload format 2.0 (HTTP API) or 1.0 (REST API). */
export type ApiGatewayEvent = APIGatewayProxyEventV2 | APIGatewayProxyEvent;

/** The largest request body accepted, counted in bytes after any base64 decoding. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * One request as every route sees it, whichever payload format it came in: header names lower-case,
 * repeated headers and query parameters comma-joined (as payload 2.0 does), the body decoded to text (JSON
 * after the body parser ran), and the owner the request acts for.
 */
export interface HttpEvent {
  routeKey: string;
  headers: Record<string, string>;
  queryStringParameters: Record<string, string>;
  pathParameters: Record<string, string>;
  body: unknown;
  isBase64Encoded: false;
  /** API Gateway's id for the request, when it sent one. */
  requestId: string | undefined;
  owner: string;
}

type RawEvent = Record<string, unknown>;

/** The route key of an event: payload 2.0 names it; for 1.0 it is "<httpMethod> <resource>". "" if neither. */
export function routeKeyOf(event: unknown): string {
  if (typeof event !== "object" || event === null) return "";
  const raw = event as RawEvent;
  if (raw.version === "2.0" && typeof raw.routeKey === "string") return raw.routeKey;
  if (typeof raw.httpMethod === "string" && typeof raw.resource === "string") {
    return `${raw.httpMethod} ${raw.resource}`;
  }
  return typeof raw.routeKey === "string" ? raw.routeKey : "";
}

/**
 * Middleware that replaces request.event with the HttpEvent for it, so nothing after it cares which payload
 * format came in. On routes that take a body it enforces MAX_BODY_BYTES before anything parses the body
 * (413) and decodes base64 bodies to UTF-8 text (400 when they are not UTF-8). The caller's event object is
 * left untouched.
 */
export function httpEvent(options: {
  defaultOwner: string;
  withBody: boolean;
}): MiddlewareObj<HttpEvent, unknown> {
  return {
    before(request) {
      const raw = request.event as unknown as RawEvent;
      request.event = {
        routeKey: routeKeyOf(raw),
        headers: joinedLowerCase(raw.headers, raw.multiValueHeaders),
        queryStringParameters: joined(raw.queryStringParameters, raw.multiValueQueryStringParameters),
        pathParameters: Object.fromEntries(stringEntries(raw.pathParameters)),
        body: options.withBody ? decodedBody(raw.body, raw.isBase64Encoded === true) : undefined,
        isBase64Encoded: false,
        requestId: requestIdOf(raw),
        owner: resolveOwner(raw.requestContext, options.defaultOwner),
      };
    },
  };
}

function requestIdOf(raw: RawEvent): string | undefined {
  const context = raw.requestContext;
  if (typeof context !== "object" || context === null) return undefined;
  const id = (context as RawEvent).requestId;
  return typeof id === "string" ? id : undefined;
}

function decodedBody(body: unknown, isBase64Encoded: boolean): string | undefined {
  if (typeof body !== "string") return undefined;
  const size = Buffer.byteLength(body, isBase64Encoded ? "base64" : "utf8");
  if (size > MAX_BODY_BYTES) {
    throw new RequestError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  if (!isBase64Encoded) return body;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(body, "base64"));
  } catch {
    throw new RequestError(400, "request body is not UTF-8 text");
  }
}

function stringEntries(value: unknown): [string, string][] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string");
}

/**
 * Single values, overridden by the complete multi-value lists where payload 1.0 has them. Repeats are
 * joined with "," as payload 2.0 does. Built with Object.fromEntries, so a name like "__proto__" is an
 * ordinary key. Plain loops: this runs on every request.
 */
function joined(single: unknown, multi: unknown, name = (n: string) => n): Record<string, string> {
  const values = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  };
  const multiRecord = typeof multi === "object" && multi !== null ? (multi as RawEvent) : undefined;
  for (const [key, value] of stringEntries(single)) {
    const inMulti =
      multiRecord !== undefined && Object.hasOwn(multiRecord, key) && Array.isArray(multiRecord[key]);
    if (!inMulti) add(name(key), value);
  }
  if (multiRecord) {
    for (const [key, list] of Object.entries(multiRecord)) {
      if (!Array.isArray(list)) continue;
      const named = name(key);
      if (!values.has(named)) values.set(named, []);
      for (const value of list) if (typeof value === "string") add(named, value);
    }
  }
  const result: [string, string][] = [];
  for (const [key, list] of values) result.push([key, list.join(",")]);
  return Object.fromEntries(result);
}

function joinedLowerCase(single: unknown, multi: unknown): Record<string, string> {
  return joined(single, multi, (name) => name.toLowerCase());
}

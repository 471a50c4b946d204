import type { MiddlewareObj } from "@middy/core";

/** What the function returns; both payload formats accept this shape. Header names are lower-case. */
export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

/** 204: no body, so no content-type either. */
export function noContent(): HttpResult {
  return { statusCode: 204, headers: {}, body: "" };
}

/**
 * Headers on every response of the function, success or error:
 * - nosniff: a browser never sniffs a JSON body (a note's content, say) into HTML or script;
 * - no-store: the data is private to its owner, so no browser or shared cache keeps any answer, error or not
 *   (clients that want to avoid re-reading a note use its ETag with If-Match, not a cache).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

/**
 * The one finish of every response: header names lower-cased (http-error-handler writes "Content-Type"),
 * content-type: application/json on every response that has a body, and the security headers (these win
 * over any a route set).
 */
export function finishResponse(response: HttpResult): HttpResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  if (response.statusCode !== 204) headers["content-type"] = "application/json";
  Object.assign(headers, SECURITY_HEADERS);
  return { statusCode: response.statusCode, headers, body: response.body ?? "" };
}

/** Last on the way out of every route's stack, success or error: finishResponse. */
export function responseHeaders(): MiddlewareObj<unknown, HttpResult> {
  const finish = (request: { response: HttpResult | null | undefined }) => {
    if (request.response) request.response = finishResponse(request.response);
  };
  return { after: finish, onError: finish };
}

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
 * Last on the way out, success or error: header names lower-cased (http-error-handler writes
 * "Content-Type"), and content-type: application/json on every response that has a body.
 */
export function responseHeaders(): MiddlewareObj<unknown, HttpResult> {
  const finish = (request: { response: HttpResult | null | undefined }) => {
    const response = request.response;
    if (!response) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
    if (response.statusCode !== 204) headers["content-type"] = "application/json";
    request.response = { statusCode: response.statusCode, headers, body: response.body ?? "" };
  };
  return { after: finish, onError: finish };
}

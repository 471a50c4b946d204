import type { Request } from "@middy/core";
import { describe, expect, test } from "vitest";
import { type HttpEvent, httpEvent } from "../../../src/handlers/http-event.ts";

/** The HttpEvent the middleware makes of a raw event. */
function mapped(raw: Record<string, unknown>): HttpEvent {
  const request = { event: raw } as unknown as Request<HttpEvent>;
  httpEvent({ defaultOwner: "default", withBody: false }).before?.(request);
  return request.event;
}

describe("httpEvent: headers and query parameters", () => {
  test("payload 1.0: lower-cases names and joins repeats with commas, the multi-value list winning", () => {
    const event = mapped({
      httpMethod: "GET",
      resource: "/notes",
      headers: { "X-Trace": "b", Accept: "application/json", "x-single": "1" },
      multiValueHeaders: { "X-Trace": ["a", "b"], Accept: ["application/json"] },
      queryStringParameters: { limit: "5", tag: "y" },
      multiValueQueryStringParameters: { limit: ["5"], tag: ["x", "y"] },
    });

    expect(event.headers).toEqual({ "x-trace": "a,b", accept: "application/json", "x-single": "1" });
    expect(event.queryStringParameters).toEqual({ limit: "5", tag: "x,y" });
  });

  test("merges two spellings of one header name into one, in the order they came", () => {
    const event = mapped({
      httpMethod: "GET",
      resource: "/notes",
      headers: { "If-Match": '"1"' },
      multiValueHeaders: { "if-match": ['"2"', '"3"'] },
    });

    expect(event.headers).toEqual({ "if-match": '"1","2","3"' });
  });

  test("an empty multi-value list still names the parameter, with an empty value", () => {
    const event = mapped({
      httpMethod: "GET",
      resource: "/notes",
      queryStringParameters: { cursor: "abc" },
      multiValueQueryStringParameters: { cursor: [] },
    });

    expect(event.queryStringParameters).toEqual({ cursor: "" });
  });

  test("payload 2.0: keeps the gateway's joined values; drops values that are not strings", () => {
    const event = mapped({
      version: "2.0",
      routeKey: "GET /notes",
      headers: { "x-trace": "a,b", "x-number": 5 },
      queryStringParameters: { limit: "5" },
    });

    expect(event.headers).toEqual({ "x-trace": "a,b" });
    expect(event.queryStringParameters).toEqual({ limit: "5" });
    expect(Object.getPrototypeOf(event.queryStringParameters)).toBe(Object.prototype);
  });

  test("a name like __proto__ is an ordinary key", () => {
    const event = mapped({
      version: "2.0",
      routeKey: "GET /notes",
      queryStringParameters: JSON.parse('{"__proto__": "x", "limit": "5"}'),
    });

    expect(Object.keys(event.queryStringParameters)).toEqual(["__proto__", "limit"]);
    expect(event.queryStringParameters.__proto__).toBe("x");
    expect(Object.getPrototypeOf(event.queryStringParameters)).toBe(Object.prototype);
  });
});

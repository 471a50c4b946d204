import { describe, expect, it } from "vitest";
import { corsConfiguration, parseAllowedOrigins } from "../../../local/cors.ts";
import routeKeys from "../../../src/handlers/routes.json" with { type: "json" };

describe("CORS_ALLOW_ORIGINS", () => {
  it.each([undefined, "", " , "])("turns CORS off when it is %j", (value) => {
    expect(parseAllowedOrigins(value)).toEqual([]);
  });

  it("reads comma-separated exact origins, trimmed, each once", () => {
    const value = " https://app.example.com,http://localhost:5173 ,https://app.example.com";

    expect(parseAllowedOrigins(value)).toEqual(["https://app.example.com", "http://localhost:5173"]);
  });

  it.each([
    "*",
    "https://app.example.com/",
    "https://app.example.com/path",
    "app.example.com",
    "https://*.example.com",
  ])("refuses %j, which is not an exact origin", (origin) => {
    expect(() => parseAllowedOrigins(`https://ok.example.com,${origin}`)).toThrow(/not an exact origin/);
  });
});

describe("the CORS configuration", () => {
  it("is absent without origins", () => {
    expect(corsConfiguration([], routeKeys)).toBeUndefined();
  });

  it("allows exactly the methods of the route keys of routes.json", () => {
    const cors = corsConfiguration(["https://app.example.com"], routeKeys);

    expect(cors?.allowMethods).toEqual([...new Set(routeKeys.map((key) => key.split(" ")[0]))].sort());
    expect(cors?.allowMethods).toEqual(["DELETE", "GET", "PATCH", "POST"]);
  });

  it("allows the request headers the API reads and exposes the response headers it sets", () => {
    const cors = corsConfiguration(["https://app.example.com"], routeKeys);

    expect(cors?.allowHeaders).toEqual(
      expect.arrayContaining(["content-type", "if-match", "idempotency-key"]),
    );
    expect(cors?.exposeHeaders).toEqual(expect.arrayContaining(["etag", "location", "retry-after"]));
    expect(cors?.maxAgeSeconds).toBeGreaterThan(0);
  });
});

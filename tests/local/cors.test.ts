/**
 * The local endpoint's CORS, as API Gateway HTTP API does it with a cors_configuration (local/cors.ts):
 * off by default; with allowed origins, preflights answered by the gateway itself and CORS headers added to
 * the function's answers for allowed origins only. A fixture function returns CORS headers of its own, which
 * API Gateway ignores when CORS is configured.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEndpoint, startLocalEndpoint } from "../../local/start.ts";

const FIXTURE = `
export const handler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json", "access-control-allow-origin": "*", etag: '"1"' },
  body: JSON.stringify({ route: event.routeKey }),
});
`;
const ROUTE_KEYS = ["GET /notes", "POST /notes", "PATCH /notes/{id}", "DELETE /notes/{id}"];
const ALLOWED = "https://app.example.com";
const OTHER = "https://evil.example.net";

function preflight(url: string, origin: string, method = "PATCH") {
  return fetch(url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "if-match",
    },
  });
}

function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith("access-control-")));
}

describe.skipIf(Boolean(process.env.API_URL))("CORS of the local endpoint", () => {
  let dir: string;
  let off: LocalEndpoint;
  let on: LocalEndpoint;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "notes-cors-"));
    const entry = join(dir, "fixture.js");
    await writeFile(entry, FIXTURE);
    const saved = { ...process.env };
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.CORS_ALLOW_ORIGINS;
    const common = {
      port: 0,
      dataDir: null,
      entry,
      watch: false as const,
      routeKeys: ROUTE_KEYS,
      log: () => {},
    };
    [off, on] = await Promise.all([
      startLocalEndpoint({ ...common, outDir: join(dir, "off") }),
      startLocalEndpoint({ ...common, outDir: join(dir, "on"), corsAllowOrigins: [ALLOWED] }),
    ]);
    process.env = saved;
  });

  afterAll(async () => {
    await Promise.all([off?.close(), on?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  describe("with no origin configured (the default)", () => {
    it("answers a preflight 404 Not Found, like any unmatched route", async () => {
      const response = await preflight(`${off.url}/notes`, ALLOWED);

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: "Not Found" });
      expect(corsHeaders(response)).toEqual({});
    });

    it("passes the function's answer on as it is, whatever the Origin", async () => {
      const response = await fetch(`${off.url}/notes`, { headers: { origin: ALLOWED } });

      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual({ "access-control-allow-origin": "*" });
    });
  });

  describe("with allowed origins", () => {
    it("answers a preflight from an allowed origin itself: 204 with origin, route methods, headers, max-age", async () => {
      const response = await preflight(`${on.url}/notes/some-id`, ALLOWED);

      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect(corsHeaders(response)).toEqual({
        "access-control-allow-origin": ALLOWED,
        "access-control-allow-methods": "DELETE,GET,PATCH,POST",
        "access-control-allow-headers": "content-type,idempotency-key,if-match",
        "access-control-max-age": "300",
      });
    });

    it("answers a preflight from any other origin without CORS headers", async () => {
      const response = await preflight(`${on.url}/notes`, OTHER);

      expect(response.status).toBe(204);
      expect(corsHeaders(response)).toEqual({});
    });

    it("adds the allowed origin, vary and the exposed headers to the function's answer, dropping its own", async () => {
      const response = await fetch(`${on.url}/notes`, { headers: { origin: ALLOWED } });

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ route: "GET /notes" });
      expect(corsHeaders(response)).toEqual({
        "access-control-allow-origin": ALLOWED,
        "access-control-expose-headers": "etag,location,retry-after",
      });
      expect(response.headers.get("vary")).toBe("origin");
      expect(response.headers.get("etag")).toBe('"1"');
    });

    it.each([
      ["another origin", { origin: OTHER }],
      ["no Origin header", {}],
    ])("gives a request with %s no CORS headers at all", async (_, headers) => {
      const response = await fetch(`${on.url}/notes`, { headers });

      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual({});
    });

    it("routes an OPTIONS that is not a preflight as usual: 404", async () => {
      const response = await fetch(`${on.url}/notes`, { method: "OPTIONS", headers: { origin: ALLOWED } });

      expect(response.status).toBe(404);
    });
  });
});

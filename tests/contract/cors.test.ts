/**
 * CORS as configured by CORS_ALLOW_ORIGINS, the one setting the local endpoint reads and the deploy passes to
 * Terraform (cors_allowed_origins): off by default; with origins, API Gateway (or the local endpoint acting
 * like it) answers preflights itself and marks answers for allowed origins only. Run against a deployed
 * stack with the CORS_ALLOW_ORIGINS it was deployed with.
 */
import { describe, expect, it } from "vitest";
import { parseAllowedOrigins } from "../../local/cors.ts";
import { type ApiResponse, call } from "./support/api.ts";

const allowed = parseAllowedOrigins(process.env.CORS_ALLOW_ORIGINS);
const NOT_ALLOWED = "https://not-allowed.invalid";

const preflight = (origin: string) =>
  call("OPTIONS", "/notes", { headers: { origin, "access-control-request-method": "POST" } });

function allowOrigin(response: ApiResponse): string | null {
  return response.headers.get("access-control-allow-origin");
}

describe.runIf(allowed.length === 0)("CORS, off (no CORS_ALLOW_ORIGINS)", () => {
  it("answers a preflight 404 Not Found, like any unmatched route", async () => {
    const response = await preflight("https://app.example.com");

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: "Not Found" });
    expect(allowOrigin(response)).toBeNull();
  });

  it("allows no origin on an answer", async () => {
    const response = await call("GET", "/notes?limit=1", { headers: { origin: "https://app.example.com" } });

    expect(response.status).toBe(200);
    expect(allowOrigin(response)).toBeNull();
  });
});

describe.runIf(allowed.length > 0)("CORS, on (CORS_ALLOW_ORIGINS)", () => {
  const origin = allowed[0] as string;

  it("answers a preflight from an allowed origin with the methods and headers the API needs", async () => {
    const response = await preflight(origin);

    expect(response.status).toBe(204);
    expect(allowOrigin(response)).toBe(origin);
    const methods = (response.headers.get("access-control-allow-methods") ?? "").toUpperCase().split(",");
    expect(methods.map((method) => method.trim())).toEqual(
      expect.arrayContaining(["GET", "POST", "PATCH", "DELETE"]),
    );
    const headers = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const header of ["content-type", "if-match", "idempotency-key"]) expect(headers).toContain(header);
  });

  it("allows the origin on an answer to an allowed origin, and no other", async () => {
    const [mine, other] = await Promise.all([
      call("GET", "/notes?limit=1", { headers: { origin } }),
      call("GET", "/notes?limit=1", { headers: { origin: NOT_ALLOWED } }),
    ]);

    expect(allowOrigin(mine)).toBe(origin);
    expect(allowOrigin(other)).toBeNull();
  });

  it("gives a preflight from another origin no CORS headers", async () => {
    const response = await preflight(NOT_ALLOWED);

    expect(allowOrigin(response)).toBeNull();
  });
});

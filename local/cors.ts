/**
 * CORS as API Gateway HTTP API does it when its API has a cors_configuration (infra/api.tf), so the local
 * endpoint behaves like the deployed one. One setting drives both: the origins (CORS_ALLOW_ORIGINS here, the
 * cors_allowed_origins variable in Terraform); methods come from the route keys (routes.json), headers and
 * max-age from src/handlers/cors-policy.json. What API Gateway documents, and this mirrors
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html):
 * - with CORS configured it answers preflight OPTIONS requests itself, even without an OPTIONS route;
 * - a request gets CORS headers only if it has an Origin header; a preflight needs Origin and
 *   Access-Control-Request-Method;
 * - it adds the configured CORS headers to the integration's response, and ignores CORS headers the
 *   integration returns.
 * What this endpoint decides where the page is silent: a preflight from an origin not allowed is a 204 without
 * any CORS header (the browser then refuses the request); an OPTIONS that is not a preflight is routed as
 * usual (no OPTIONS route, so 404); without any origin configured there is no CORS at all, and every OPTIONS
 * is a 404 like any unmatched route.
 */
import policy from "../src/handlers/cors-policy.json" with { type: "json" };

export interface CorsConfiguration {
  allowOrigins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
}

/** An exact origin: scheme, host and optional port; no path, no trailing slash, no wildcard. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** The origins of CORS_ALLOW_ORIGINS: comma-separated exact origins; empty or unset means CORS off. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  const origins = (value ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  for (const origin of origins) {
    if (!ORIGIN.test(origin)) {
      throw new Error(
        `CORS_ALLOW_ORIGINS: "${origin}" is not an exact origin such as https://app.example.com ` +
          "(scheme and host, optional port, no path, no trailing slash, no wildcard)",
      );
    }
  }
  return [...new Set(origins)];
}

/** The CORS configuration for these origins and route keys, or undefined (CORS off) without origins. */
export function corsConfiguration(
  allowOrigins: readonly string[],
  routeKeys: readonly string[],
): CorsConfiguration | undefined {
  if (allowOrigins.length === 0) return undefined;
  const methods = [...new Set(routeKeys.map((routeKey) => routeKey.split(" ")[0] ?? ""))].sort();
  return {
    allowOrigins: [...allowOrigins],
    allowMethods: methods,
    allowHeaders: [...policy.allowHeaders],
    exposeHeaders: [...policy.exposeHeaders],
    maxAgeSeconds: policy.maxAgeSeconds,
  };
}

/** Request headers, lower-case names, as Node gives them. */
type RequestHeaders = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isPreflight(method: string, headers: RequestHeaders): boolean {
  return (
    method === "OPTIONS" &&
    single(headers.origin) !== undefined &&
    single(headers["access-control-request-method"]) !== undefined
  );
}

/** The headers of API Gateway's own answer (204) to a preflight: none unless the origin is allowed. */
export function preflightHeaders(cors: CorsConfiguration, headers: RequestHeaders): Record<string, string> {
  const origin = single(headers.origin);
  if (origin === undefined || !cors.allowOrigins.includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": cors.allowMethods.join(","),
    "access-control-allow-headers": cors.allowHeaders.join(","),
    "access-control-max-age": String(cors.maxAgeSeconds),
    vary: "origin",
  };
}

/**
 * The integration's response headers as API Gateway passes them on with CORS configured: its own
 * access-control-* headers dropped, and the configured ones added for an allowed origin.
 */
export function withCorsHeaders(
  cors: CorsConfiguration,
  requestHeaders: RequestHeaders,
  responseHeaders: Record<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(responseHeaders)) {
    if (!name.startsWith("access-control-")) headers[name] = value;
  }
  const origin = single(requestHeaders.origin);
  if (origin === undefined || !cors.allowOrigins.includes(origin)) return headers;
  headers["access-control-allow-origin"] = origin;
  headers["access-control-expose-headers"] = cors.exposeHeaders.join(",");
  headers.vary = headers.vary ? `${headers.vary}, origin` : "origin";
  return headers;
}

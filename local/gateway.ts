/**
 * A local stand-in for API Gateway HTTP API (payload format 2.0) in front of the Lambda: it turns each HTTP
 * request into the event API Gateway would send, calls the handler, and maps its result back the way
 * API Gateway does. Only the route keys it is given are served; anything else is API Gateway's own 404.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { type CorsConfiguration, isPreflight, preflightHeaders, withCorsHeaders } from "./cors.ts";

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown> | unknown;

export interface GatewayOptions {
  /** The route keys to serve, e.g. "GET /notes/{id}" (src/handlers/routes.json). */
  routeKeys: readonly string[];
  /** Returns the handler to call for this request (the hot handler hands out its newest good build). */
  getHandler: () => Promise<LambdaHandler> | LambdaHandler;
  /** Where handler failures are reported; defaults to console.error. */
  logError?: (message: string, error: unknown) => void;
  /** API Gateway's integration timeout (30 s for HTTP APIs). */
  timeoutMs?: number;
  /** The API's CORS configuration (local/cors.ts); undefined: CORS off, as without cors_configuration. */
  cors?: CorsConfiguration;
}

/** API Gateway HTTP API's request body limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const ACCOUNT_ID = "000000000000";
const API_ID = "local";
const FUNCTION_NAME = "notes-api-local";

interface Route {
  routeKey: string;
  method: string;
  /** Path template segments; a `{name}` segment matches any one non-empty segment. */
  segments: string[];
}

export interface MatchedRoute {
  routeKey: string;
  pathParameters?: Record<string, string>;
}

export function createRouteMatcher(
  routeKeys: readonly string[],
): (method: string, path: string) => MatchedRoute | undefined {
  const routes: Route[] = routeKeys.map((routeKey) => {
    const [method = "", template = ""] = routeKey.split(" ");
    return { routeKey, method, segments: template.split("/") };
  });
  return (method, path) => {
    const segments = path.split("/");
    for (const route of routes) {
      if (route.method !== method && route.method !== "ANY") continue;
      if (route.segments.length !== segments.length) continue;
      const parameters: Record<string, string> = {};
      let matched = true;
      for (let index = 0; index < segments.length && matched; index++) {
        const expected = route.segments[index] ?? "";
        const actual = segments[index] ?? "";
        const name = /^\{(\w+)\}$/.exec(expected)?.[1];
        if (name === undefined) matched = expected === actual;
        else if (actual === "") matched = false;
        else parameters[name] = decodeSegment(actual);
      }
      if (!matched) continue;
      return Object.keys(parameters).length > 0
        ? { routeKey: route.routeKey, pathParameters: parameters }
        : { routeKey: route.routeKey };
    }
    return undefined;
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A request id in the shape API Gateway uses for `apigw-requestid` (e.g. "JKJaXmPLvHcESHA="). */
export function newRequestId(): string {
  return randomBytes(11).toString("base64");
}

export function createGateway(options: GatewayOptions): Server {
  const match = createRouteMatcher(options.routeKeys);
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    response.setHeader("apigw-requestid", requestId);
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
    const rawQueryString = queryStart === -1 ? "" : url.slice(queryStart + 1);
    const method = request.method ?? "GET";

    // With CORS configured, API Gateway answers every preflight itself, on any path, before routing.
    if (options.cors && isPreflight(method, request.headers)) {
      request.resume();
      return send(response, 204, preflightHeaders(options.cors, request.headers), "");
    }
    const route = match(method, rawPath);
    if (!route) {
      request.resume();
      return send(response, 404, { "content-type": "application/json" }, '{"message":"Not Found"}');
    }
    const body = await readBody(request);
    if (body === "too-large") {
      // Answer, and discard (never buffer) what the client still sends, for at most a few seconds: closing
      // with unread data pending would reset the connection, and the client could lose the 413 with it.
      request.removeAllListeners("data");
      request.resume();
      const cutOff = setTimeout(() => request.socket.destroy(), 5_000).unref();
      request.once("end", () => clearTimeout(cutOff));
      send(response, 413, { "content-type": "application/json" }, '{"message":"Request Entity Too Large"}');
      return;
    }

    const event = toEvent(request, { route, rawPath, rawQueryString, requestId, body });
    let result: unknown;
    try {
      const handler = await options.getHandler();
      result = await withTimeout(Promise.resolve(handler(event, lambdaContext(timeoutMs))), timeoutMs);
    } catch (error) {
      if (error instanceof IntegrationTimeout) {
        return send(
          response,
          503,
          { "content-type": "application/json" },
          '{"message":"Service Unavailable"}',
        );
      }
      logError(`[gateway] ${route.routeKey} failed:`, error);
      return sendInternalError(response);
    }
    const mapped = fromResult(result);
    if (!mapped) {
      logError(`[gateway] ${route.routeKey} returned a result API Gateway cannot map:`, result);
      return sendInternalError(response);
    }
    for (const cookie of mapped.cookies) response.appendHeader("set-cookie", cookie);
    const headers = options.cors
      ? withCorsHeaders(options.cors, request.headers, mapped.headers)
      : mapped.headers;
    send(response, mapped.statusCode, headers, mapped.body);
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logError("[gateway] unexpected failure:", error);
      if (!response.headersSent) sendInternalError(response);
      else response.destroy();
    });
  });
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
) {
  if (status === 204 || status === 304) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  response.writeHead(status, { ...headers, "content-length": String(bytes.length) });
  response.end(bytes);
}

function sendInternalError(response: ServerResponse) {
  send(response, 500, { "content-type": "application/json" }, '{"message":"Internal Server Error"}');
}

/** Reads the body up to API Gateway's limit; stops reading (without buffering the rest) beyond it. */
function readBody(request: IncomingMessage): Promise<Buffer | "too-large"> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve("too-large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners("data");
        chunks.length = 0;
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** Connection-level headers API Gateway does not pass on to the integration. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"]);

interface EventParts {
  route: MatchedRoute;
  rawPath: string;
  rawQueryString: string;
  requestId: string;
  body: Buffer;
}

export function toEvent(request: IncomingMessage, parts: EventParts): APIGatewayProxyEventV2 {
  const headers = dictionary();
  const cookies: string[] = [];
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] ?? "").toLowerCase();
    const value = raw[index + 1] ?? "";
    if (HOP_BY_HOP.has(name)) continue;
    if (name === "cookie") {
      for (const cookie of value.split(";")) {
        const trimmed = cookie.trim();
        if (trimmed !== "") cookies.push(trimmed);
      }
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const sourceIp = (request.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  headers["x-forwarded-for"] ??= sourceIp;
  headers["x-forwarded-proto"] ??= "http";
  headers["x-forwarded-port"] ??= String(request.socket.localPort ?? "");
  headers["x-amzn-trace-id"] ??=
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;

  const now = new Date();
  const method = request.method ?? "GET";
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey: parts.route.routeKey,
    rawPath: parts.rawPath,
    rawQueryString: parts.rawQueryString,
    headers,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName: headers.host ?? "localhost",
      domainPrefix: (headers.host ?? "localhost").split(".")[0] ?? "localhost",
      http: {
        method,
        path: parts.rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: parts.requestId,
      routeKey: parts.route.routeKey,
      stage: "$default",
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies.length > 0) event.cookies = cookies;
  const query = queryParameters(parts.rawQueryString);
  if (query) event.queryStringParameters = query;
  if (parts.route.pathParameters) event.pathParameters = parts.route.pathParameters;
  if (parts.body.length > 0) {
    if (isTextual(headers["content-type"])) {
      event.body = parts.body.toString("utf8");
    } else {
      event.body = parts.body.toString("base64");
      event.isBase64Encoded = true;
    }
  }
  return event;
}

/**
 * A map for names a client chooses. With no prototype, "__proto__" is a name like any other, so a header or
 * query parameter of that name reaches the handler as API Gateway would send it, instead of vanishing.
 */
function dictionary(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/** Repeated parameters are comma-joined, as API Gateway does for payload 2.0. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === "") return undefined;
  const parameters = dictionary();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return (
    type.startsWith("text/") ||
    type === "application/json" ||
    type.endsWith("+json") ||
    type === "application/xml" ||
    type.endsWith("+xml") ||
    type === "application/javascript" ||
    type === "application/graphql"
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "12/Mar/2020:19:03:58 +0000", the CLF-style time API Gateway puts in requestContext.time. */
function apiGatewayTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function lambdaContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const region = process.env.AWS_REGION ?? "us-east-1";
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FUNCTION_NAME,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${FUNCTION_NAME}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

class IntegrationTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntegrationTimeout()), timeoutMs);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface MappedResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string | Buffer;
}

/**
 * Maps a handler result as API Gateway does for payload 2.0: a result with a statusCode is a response;
 * anything else that is valid JSON is a 200 application/json whose body is the result (a string as is,
 * anything else serialised). Returns undefined for a result API Gateway would answer with a 500.
 */
export function fromResult(result: unknown): MappedResponse | undefined {
  if (typeof result === "string") {
    return { statusCode: 200, headers: { "content-type": "application/json" }, cookies: [], body: result };
  }
  if (result === null || typeof result !== "object" || !("statusCode" in result)) {
    const body = JSON.stringify(result ?? null);
    if (body === undefined) return undefined;
    return { statusCode: 200, headers: { "content-type": "application/json" }, cookies: [], body };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result as Record<string, unknown>;
  if (
    typeof statusCode !== "number" ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return undefined;
  }
  const mappedHeaders: Record<string, string> = {};
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== "object") return undefined;
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
        return undefined;
      mappedHeaders[name.toLowerCase()] = String(value);
    }
  }
  let mappedCookies: string[] = [];
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === "string")) return undefined;
    mappedCookies = cookies;
  }
  if (body !== undefined && body !== null && typeof body !== "string") return undefined;
  const text = body ?? "";
  return {
    statusCode,
    headers: mappedHeaders,
    cookies: mappedCookies,
    body: isBase64Encoded === true ? Buffer.from(text, "base64") : text,
  };
}

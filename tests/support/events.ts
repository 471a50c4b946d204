import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from "aws-lambda";

/** The two event shapes API Gateway sends a Lambda proxy integration. */
export type PayloadFormat = "2.0" | "1.0";

/** One HTTP request, independent of the payload format it will be dressed in. */
export interface RequestSpec {
  method: string;
  /** The route's path template, as API Gateway names the resource: "/notes" or "/notes/{id}". */
  resource: string;
  pathParameters?: Record<string, string>;
  /** Repeated parameters as arrays. */
  query?: Record<string, string | string[]>;
  /** Names as the client spelled them; repeated headers as arrays. */
  headers?: Record<string, string | string[]>;
  /** An object is sent as JSON with a JSON content-type unless the headers name one; a string as is. */
  body?: string | object;
  /** Send the body base64-encoded, as API Gateway does for binary media. */
  base64?: boolean;
  /** requestContext.authorizer exactly as the gateway would put it there. */
  authorizer?: Record<string, unknown>;
  requestId?: string;
}

const ACCOUNT = "123456789012";

function pathOf(spec: RequestSpec): string {
  return spec.resource.replace(/\{(\w+)\}/g, (_, name: string) => spec.pathParameters?.[name] ?? "");
}

function bodyAndHeaders(spec: RequestSpec): { body?: string; headers: Record<string, string[]> } {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    headers[name] = Array.isArray(value) ? value : [value];
  }
  if (spec.body === undefined) return { headers };
  let body = typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
  const namesContentType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
  if (typeof spec.body !== "string" && !namesContentType) headers["Content-Type"] = ["application/json"];
  if (spec.base64) body = Buffer.from(body, "utf8").toString("base64");
  return { body, headers };
}

function queryEntries(spec: RequestSpec): [string, string[]][] {
  return Object.entries(spec.query ?? {}).map(([name, value]) => [
    name,
    Array.isArray(value) ? value : [value],
  ]);
}

/** An API Gateway HTTP API event, payload format 2.0: lower-case header names, repeats comma-joined. */
export function httpApiEvent(spec: RequestSpec): APIGatewayProxyEventV2 {
  const { body, headers } = bodyAndHeaders(spec);
  const path = pathOf(spec);
  const query = queryEntries(spec);
  const routeKey = `${spec.method} ${spec.resource}`;
  const requestId = spec.requestId ?? "v2-request-id";
  const event = {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: query
      .flatMap(([name, values]) => values.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`))
      .join("&"),
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, values]) => [name.toLowerCase(), values.join(",")]),
    ),
    ...(query.length > 0
      ? { queryStringParameters: Object.fromEntries(query.map(([name, values]) => [name, values.join(",")])) }
      : {}),
    ...(spec.pathParameters ? { pathParameters: spec.pathParameters } : {}),
    requestContext: {
      accountId: ACCOUNT,
      apiId: "api123",
      domainName: "api123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "api123",
      http: { method: spec.method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "vitest" },
      requestId,
      routeKey,
      stage: "$default",
      time: "01/Jan/2025:00:00:00 +0000",
      timeEpoch: 1_735_689_600_000,
      ...(spec.authorizer ? { authorizer: spec.authorizer } : {}),
    },
    isBase64Encoded: spec.base64 === true,
    ...(body === undefined ? {} : { body }),
  };
  return event as APIGatewayProxyEventV2;
}

/**
 * An API Gateway REST API event, payload format 1.0: header names as the client sent them, the last value
 * in headers and every value in multiValueHeaders, null where there is nothing.
 */
export function restApiEvent(spec: RequestSpec): APIGatewayProxyEvent {
  const { body, headers } = bodyAndHeaders(spec);
  const query = queryEntries(spec);
  const headerNames = Object.keys(headers);
  const requestId = spec.requestId ?? "v1-request-id";
  const event = {
    resource: spec.resource,
    path: pathOf(spec),
    httpMethod: spec.method,
    headers:
      headerNames.length > 0
        ? Object.fromEntries(Object.entries(headers).map(([name, values]) => [name, values.at(-1)]))
        : null,
    multiValueHeaders: headerNames.length > 0 ? headers : null,
    queryStringParameters:
      query.length > 0 ? Object.fromEntries(query.map(([name, values]) => [name, values.at(-1)])) : null,
    multiValueQueryStringParameters: query.length > 0 ? Object.fromEntries(query) : null,
    pathParameters: spec.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT,
      apiId: "rest123",
      httpMethod: spec.method,
      path: `/prod${pathOf(spec)}`,
      protocol: "HTTP/1.1",
      requestId,
      requestTimeEpoch: 1_735_689_600_000,
      resourceId: "abc123",
      resourcePath: spec.resource,
      stage: "prod",
      identity: { sourceIp: "192.0.2.1", userAgent: "vitest" },
      authorizer: spec.authorizer ?? null,
    },
    body: body ?? null,
    isBase64Encoded: spec.base64 === true,
  };
  return event as unknown as APIGatewayProxyEvent;
}

export function apiGatewayEvent(format: PayloadFormat, spec: RequestSpec) {
  return format === "2.0" ? httpApiEvent(spec) : restApiEvent(spec);
}

/** A Lambda context with the fields a handler reads; no getRemainingTimeInMillis, as outside Lambda. */
export function lambdaContext(awsRequestId = "lambda-request-id"): Context {
  return {
    awsRequestId,
    functionName: "notes-api",
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:notes-api`,
    memoryLimitInMB: "256",
    logGroupName: "/aws/lambda/notes-api",
    logStreamName: "stream",
    callbackWaitsForEmptyEventLoop: true,
  } as Context;
}

import type { MiddlewareObj } from "@middy/core";
import httpErrorHandler from "@middy/http-error-handler";
import {
  type FieldProblem,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  NotFoundError,
  StoreUnavailableError,
  ThrottledError,
  ValidationError,
  VersionConflictError,
} from "../domain/index.ts";
import type { HttpEvent } from "./http-event.ts";
import { type HttpResult, jsonResponse, responseHeaders } from "./http-response.ts";
import type { AppLogger } from "./logger.ts";
import { RequestError } from "./request-error.ts";

/** The one body any unexpected failure answers with. */
export const INTERNAL_ERROR_BODY = JSON.stringify({ error: "internal error" });

/** The wire shape of every error. */
export interface ErrorBody {
  error: string;
  details?: FieldProblem[];
}

function errorResponse(
  statusCode: number,
  error: string,
  details: FieldProblem[] = [],
  headers = {},
): HttpResult {
  const body: ErrorBody = details.length > 0 ? { error, details } : { error };
  return jsonResponse(statusCode, body, headers);
}

/**
 * The response a known error answers with, or undefined for anything unexpected. This is the one place
 * that knows the contract's error statuses and bodies.
 */
export function responseForError(error: unknown): HttpResult | undefined {
  // InvalidCursorError is a ValidationError and lands here too.
  if (error instanceof ValidationError) return errorResponse(400, error.message, error.details);
  if (error instanceof NotFoundError) return errorResponse(404, "not found");
  if (error instanceof VersionConflictError) return errorResponse(412, error.message);
  if (error instanceof IdempotencyKeyReusedError) return errorResponse(422, error.message);
  if (error instanceof IdempotencyInProgressError)
    return errorResponse(409, error.message, [], { "retry-after": "1" });
  if (error instanceof ThrottledError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
    return errorResponse(503, error.message, [], { "retry-after": String(seconds) });
  }
  // An unreachable or failing store is, to a client, the contract's "anything unexpected": exactly the
  // internal error body, no Retry-After. It stays a known error so that it is logged as a store fault.
  if (error instanceof StoreUnavailableError) return errorResponse(500, "internal error");
  if (error instanceof RequestError) return errorResponse(error.statusCode, error.message, error.details);
  return responseForMiddyError(error);
}

interface MiddyError {
  statusCode: number;
  message: string;
  cause: { package: string; data?: unknown };
}

function isMiddyError(error: unknown): error is MiddyError {
  if (!(error instanceof Error) || typeof (error as Partial<MiddyError>).statusCode !== "number")
    return false;
  const cause = error.cause as Partial<MiddyError["cause"]> | undefined;
  return typeof cause?.package === "string" && cause.package.startsWith("@middy/");
}

/** The errors Middy's own middlewares throw on bad requests, in the contract's words. */
function responseForMiddyError(error: unknown): HttpResult | undefined {
  if (!isMiddyError(error)) return undefined;
  const { package: source, data } = error.cause;
  if (source === "@middy/http-json-body-parser") {
    if (error.statusCode === 415) return errorResponse(415, "content-type must be application/json");
    // The parser throws 422 for JSON it cannot parse and for prototype-polluting keys; both are bad requests.
    if (error.message === "Forbidden key in JSON body" && typeof data === "string") {
      return errorResponse(400, "invalid request body", [
        { field: data, message: "is not an accepted field" },
      ]);
    }
    return errorResponse(400, "malformed JSON body");
  }
  if (source === "@middy/validator" && error.statusCode === 400 && Array.isArray(data)) {
    return schemaErrorResponse(data as SchemaError[]);
  }
  return undefined;
}

/** The part of an ajv error object this mapping reads. */
interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const EVENT_PARTS: Record<string, { error: string; wholeName: string }> = {
  body: { error: "invalid request body", wholeName: "body" },
  queryStringParameters: { error: "invalid query", wholeName: "query" },
};

/** 400 naming each field the event schema refused: from instancePath, missingProperty or additionalProperty. */
function schemaErrorResponse(errors: SchemaError[]): HttpResult {
  let error = "invalid request";
  const details: FieldProblem[] = [];
  for (const problem of errors) {
    const [part = "", ...path] = problem.instancePath
      .split("/")
      .slice(1)
      .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
    const known = EVENT_PARTS[part];
    if (known) error = known.error;
    let message = problem.message ?? "is invalid";
    if (problem.keyword === "additionalProperties") {
      path.push(String(problem.params.additionalProperty));
      message = "is not an accepted field";
    } else if (problem.keyword === "required") {
      path.push(String(problem.params.missingProperty));
      message = "is required";
    }
    const field = path.length > 0 ? path.join(".") : (known?.wholeName ?? part);
    if (!details.some((d) => d.field === field && d.message === message)) details.push({ field, message });
  }
  return errorResponse(400, error, details);
}

/**
 * The error half of every route's stack, in .use() order. Middy runs onError handlers in the reverse of
 * .use() order, so on the way out:
 *   1. mapErrors answers every known error (domain, request, Middy's parser and validator) itself, and logs
 *      the 5xx among them (throttled: 503; store unavailable: 500 "internal error") once as a store fault,
 *      with the request id and cause; anything else it logs once, with the request id and cause, as an
 *      unexpected error and replaces by an opaque 500;
 *   2. httpErrorHandler then answers that 500 with exactly {"error":"internal error"} (it skips responses
 *      already set), so no message, stack or SDK detail of an unexpected error ever reaches a client;
 *   3. responseHeaders finishes whatever response there is.
 */
export function errorHandling(options: { logger: AppLogger; routeKey: string }) {
  return [
    responseHeaders(),
    httpErrorHandler({ logger: false, fallbackMessage: INTERNAL_ERROR_BODY }),
    mapErrors(options),
  ];
}

function mapErrors({ logger, routeKey }: { logger: AppLogger; routeKey: string }): MiddlewareObj<HttpEvent> {
  return {
    onError(request) {
      if (request.response !== undefined) return;
      const event = request.event as Partial<HttpEvent> | undefined;
      const where = {
        route: routeKey,
        requestId: request.context?.awsRequestId ?? event?.requestId,
        apiRequestId: event?.requestId,
      };
      const known = responseForError(request.error);
      if (known) {
        // A 4xx is the client's business; a 5xx is ours to see, with the DynamoDB error as its cause.
        if (known.statusCode >= 500) logger.error("store fault", { ...where, error: request.error });
        request.response = known;
        return;
      }
      logger.error("unexpected error", { ...where, error: request.error });
      // statusCode 500 with expose false: httpErrorHandler answers it with its fallback body only.
      request.error = Object.assign(new Error("internal error", { cause: request.error }), {
        statusCode: 500,
        expose: false,
      });
    },
  };
}

import type { Context } from "aws-lambda";
import type { NotesService } from "../domain/index.ts";
import { createNoteRoute } from "./create-note.ts";
import { deleteNoteRoute } from "./delete-note.ts";
import { getNoteRoute } from "./get-note.ts";
import { INTERNAL_ERROR_BODY } from "./http-errors.ts";
import { type ApiGatewayEvent, routeKeyOf } from "./http-event.ts";
import { finishResponse, type HttpResult, jsonResponse } from "./http-response.ts";
import { listNotesRoute } from "./list-notes.ts";
import { type AppLogger, createLogger } from "./logger.ts";
import type { RouteFactory, RouteHandler } from "./route.ts";
import routeKeys from "./routes.json" with { type: "json" };
import { updateNoteRoute } from "./update-note.ts";

/** Route key -> the factory of its Middy stack. Exactly the keys of routes.json (checked below). */
const ROUTES: Record<string, RouteFactory> = {
  "POST /notes": createNoteRoute,
  "GET /notes": listNotesRoute,
  "GET /notes/{id}": getNoteRoute,
  "PATCH /notes/{id}": updateNoteRoute,
  "DELETE /notes/{id}": deleteNoteRoute,
};

/** Throws unless the handled route keys are exactly the deployed ones (routes.json), in any order. */
export function assertSameRouteKeys(handled: readonly string[], deployed: readonly string[]): void {
  const missing = deployed.filter((key) => !handled.includes(key));
  const extra = handled.filter((key) => !deployed.includes(key));
  if (missing.length > 0 || extra.length > 0 || new Set(deployed).size !== deployed.length) {
    throw new Error(
      `the handler's routes differ from src/handlers/routes.json: missing ${JSON.stringify(missing)}, ` +
        `not deployed ${JSON.stringify(extra)}`,
    );
  }
}

assertSameRouteKeys(Object.keys(ROUTES), routeKeys);

export interface AppOptions {
  /** Defaults to a Powertools JSON logger at INFO. */
  logger?: AppLogger;
  /** Owner of requests without an authorizer principal. Defaults to "default". */
  defaultOwner?: string;
}

export type NotesHandler = (event: ApiGatewayEvent, context?: Partial<Context>) => Promise<HttpResult>;

/**
 * The Lambda handler for every route in routes.json, answering API Gateway payload 2.0 and 1.0 events.
 * It picks the route's Middy stack by route key, and logs one line per request (route, status, latency,
 * request id). A route key it does not serve (a direct invocation) is a 404 naming it.
 */
export function createApp(service: NotesService, options: AppOptions = {}): NotesHandler {
  const logger = options.logger ?? createLogger();
  const deps = { service, logger, defaultOwner: options.defaultOwner ?? "default" };
  const routes = new Map<string, RouteHandler>(
    Object.entries(ROUTES).map(([routeKey, createRoute]) => [routeKey, createRoute(deps)]),
  );

  return async function handler(event, context = {}) {
    const started = performance.now();
    const routeKey = routeKeyOf(event);
    const apiRequestId = (event as { requestContext?: { requestId?: unknown } } | null)?.requestContext
      ?.requestId;
    const requestId = context.awsRequestId ?? (typeof apiRequestId === "string" ? apiRequestId : undefined);
    const route = routes.get(routeKey);
    let response: HttpResult;
    if (!route) {
      response = jsonResponse(404, { error: "route not found", route: routeKey });
    } else {
      try {
        response = await route(event, context as Context);
      } catch (error) {
        // The route's error stack answers every error; this only catches a fault in that stack itself.
        logger.error("unexpected error", { route: routeKey, requestId, error });
        response = {
          statusCode: 500,
          headers: { "content-type": "application/json" },
          body: INTERNAL_ERROR_BODY,
        };
      }
    }
    logger.info("request", {
      route: routeKey,
      status: response.statusCode,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      requestId,
      ...(typeof apiRequestId === "string" && apiRequestId !== requestId ? { apiRequestId } : {}),
    });
    // The routes' stacks finish their own responses; this finishes the two made here (idempotent).
    return finishResponse(response);
  };
}

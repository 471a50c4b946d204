import type { Context } from "aws-lambda";
import type { NotesService } from "../domain/index.ts";
import type { ApiGatewayEvent } from "./http-event.ts";
import type { HttpResult } from "./http-response.ts";
import type { AppLogger } from "./logger.ts";

/** What every route factory gets from the composition root. */
export interface RouteDeps {
  service: NotesService;
  logger: AppLogger;
  defaultOwner: string;
}

/** A route's Middy stack as the entry calls it: with the raw API Gateway event. */
export type RouteHandler = (event: ApiGatewayEvent, context: Context) => Promise<HttpResult>;

export type RouteFactory = (deps: RouteDeps) => RouteHandler;

/**
 * Middy types a stack by the event its handler sees (HttpEvent), but the stack is called with the raw API
 * Gateway event, which its first middleware (httpEvent) replaces. This is the one place that says so.
 */
export function asRouteHandler(stack: (event: never, context: Context) => Promise<HttpResult>): RouteHandler {
  return stack as unknown as RouteHandler;
}

/**
 * Middy's plugin options for every route: when Lambda is within this many ms of its timeout, the handler is
 * abandoned with a TimeoutError, which the error stack answers as a clean 500 instead of a gateway timeout.
 */
export const MIDDY_OPTIONS = { timeoutEarlyInMillis: 250 };

import middy from "@middy/core";
import { errorHandling } from "./http-errors.ts";
import { type HttpEvent, httpEvent } from "./http-event.ts";
import type { HttpResult } from "./http-response.ts";
import { noteResponse } from "./note-response.ts";
import { asRouteHandler, MIDDY_OPTIONS, type RouteDeps } from "./route.ts";

const ROUTE = "GET /notes/{id}";

/** GET /notes/{id}: 200 with the note and its ETag. An id the service could not have made is a 404. */
export function getNoteRoute({ service, logger, defaultOwner }: RouteDeps) {
  const stack = middy<HttpEvent, HttpResult>(MIDDY_OPTIONS)
    .use(errorHandling({ logger, routeKey: ROUTE }))
    .use(httpEvent({ defaultOwner, withBody: false }))
    .handler(async (event: HttpEvent): Promise<HttpResult> => {
      const note = await service.get(event.owner, event.pathParameters.id ?? "");
      return noteResponse(200, note);
    });
  return asRouteHandler(stack);
}

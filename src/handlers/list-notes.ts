import middy from "@middy/core";
import { validateEvent } from "./event-validation.ts";
import { errorHandling } from "./http-errors.ts";
import { type HttpEvent, httpEvent } from "./http-event.ts";
import { type HttpResult, jsonResponse } from "./http-response.ts";
import type { ListNotesQuery } from "./list-notes.schema.ts";
import { toWireNote } from "./note-response.ts";
import { asRouteHandler, MIDDY_OPTIONS, type RouteDeps } from "./route.ts";
import { validateListNotesEvent } from "./validators.generated.js";

const ROUTE = "GET /notes";

/** GET /notes: 200 {"items": [...], "next_cursor": string or null}, newest first. */
export function listNotesRoute({ service, logger, defaultOwner }: RouteDeps) {
  const stack = middy<HttpEvent, HttpResult>(MIDDY_OPTIONS)
    .use(errorHandling({ logger, routeKey: ROUTE }))
    .use(httpEvent({ defaultOwner, withBody: false }))
    .use(validateEvent(validateListNotesEvent))
    .handler(async (event: HttpEvent): Promise<HttpResult> => {
      const query: ListNotesQuery = event.queryStringParameters;
      const page = await service.list(event.owner, {
        ...(query.limit === undefined ? {} : { limit: Number(query.limit) }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      return jsonResponse(200, { items: page.items.map(toWireNote), next_cursor: page.nextCursor });
    });
  return asRouteHandler(stack);
}

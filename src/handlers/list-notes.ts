import middy from "@middy/core";
import validator from "@middy/validator";
import { compileEventSchema } from "./compile-schema.ts";
import { errorHandling } from "./http-errors.ts";
import { type HttpEvent, httpEvent } from "./http-event.ts";
import { type HttpResult, jsonResponse } from "./http-response.ts";
import { type ListNotesQuery, listNotesEventSchema } from "./list-notes.schema.ts";
import { toWireNote } from "./note-response.ts";
import { asRouteHandler, MIDDY_OPTIONS, type RouteDeps } from "./route.ts";

const ROUTE = "GET /notes";
const eventSchema = compileEventSchema(listNotesEventSchema);

/** GET /notes: 200 {"items": [...], "next_cursor": string or null}, newest first. */
export function listNotesRoute({ service, logger, defaultOwner }: RouteDeps) {
  const stack = middy<HttpEvent, HttpResult>(MIDDY_OPTIONS)
    .use(errorHandling({ logger, routeKey: ROUTE }))
    .use(httpEvent({ defaultOwner, withBody: false }))
    .use(validator({ eventSchema }))
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

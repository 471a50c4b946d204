import middy from "@middy/core";
import jsonBodyParser from "@middy/http-json-body-parser";
import { validateEvent } from "./event-validation.ts";
import { errorHandling } from "./http-errors.ts";
import { type HttpEvent, httpEvent } from "./http-event.ts";
import type { HttpResult } from "./http-response.ts";
import { expectedVersion } from "./if-match.ts";
import type { NoteBody } from "./note-body.schema.ts";
import { noteResponse } from "./note-response.ts";
import { asRouteHandler, MIDDY_OPTIONS, type RouteDeps } from "./route.ts";
import { validateUpdateNoteEvent } from "./validators.generated.js";

const ROUTE = "PATCH /notes/{id}";

/** PATCH /notes/{id}: 200 with the whole updated note and its new ETag; If-Match makes it conditional. */
export function updateNoteRoute({ service, logger, defaultOwner }: RouteDeps) {
  const stack = middy<HttpEvent, HttpResult>(MIDDY_OPTIONS)
    .use(errorHandling({ logger, routeKey: ROUTE }))
    .use(httpEvent({ defaultOwner, withBody: true }))
    .use(jsonBodyParser())
    .use(validateEvent(validateUpdateNoteEvent))
    .handler(async (event: HttpEvent): Promise<HttpResult> => {
      const note = await service.update(
        event.owner,
        event.pathParameters.id ?? "",
        event.body as NoteBody,
        expectedVersion(event.headers["if-match"]),
      );
      return noteResponse(200, note);
    });
  return asRouteHandler(stack);
}

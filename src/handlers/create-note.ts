import middy from "@middy/core";
import jsonBodyParser from "@middy/http-json-body-parser";
import { validateEvent } from "./event-validation.ts";
import { errorHandling } from "./http-errors.ts";
import { type HttpEvent, httpEvent } from "./http-event.ts";
import type { HttpResult } from "./http-response.ts";
import type { NoteBody } from "./note-body.schema.ts";
import { noteResponse } from "./note-response.ts";
import { asRouteHandler, MIDDY_OPTIONS, type RouteDeps } from "./route.ts";
import { validateCreateNoteEvent } from "./validators.generated.js";

const ROUTE = "POST /notes";

/** POST /notes: 201 with the note, Location and ETag; a replayed Idempotency-Key answers the same. */
export function createNoteRoute({ service, logger, defaultOwner }: RouteDeps) {
  const stack = middy<HttpEvent, HttpResult>(MIDDY_OPTIONS)
    .use(errorHandling({ logger, routeKey: ROUTE }))
    .use(httpEvent({ defaultOwner, withBody: true }))
    .use(jsonBodyParser())
    .use(validateEvent(validateCreateNoteEvent))
    .handler(async (event: HttpEvent): Promise<HttpResult> => {
      const body = event.body as NoteBody;
      const { note, replayed } = await service.create(event.owner, body, event.headers["idempotency-key"]);
      return noteResponse(201, note, {
        location: `/notes/${note.noteId}`,
        ...(replayed ? { "idempotent-replayed": "true" } : {}),
      });
    });
  return asRouteHandler(stack);
}

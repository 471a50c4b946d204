import middy from "@middy/core";
import { errorHandling } from "./http-errors.ts";
import { type HttpEvent, httpEvent } from "./http-event.ts";
import { type HttpResult, noContent } from "./http-response.ts";
import { expectedVersion } from "./if-match.ts";
import { asRouteHandler, MIDDY_OPTIONS, type RouteDeps } from "./route.ts";

const ROUTE = "DELETE /notes/{id}";

/** DELETE /notes/{id}: 204 with an empty body; If-Match makes it conditional. */
export function deleteNoteRoute({ service, logger, defaultOwner }: RouteDeps) {
  const stack = middy<HttpEvent, HttpResult>(MIDDY_OPTIONS)
    .use(errorHandling({ logger, routeKey: ROUTE }))
    .use(httpEvent({ defaultOwner, withBody: false }))
    .handler(async (event: HttpEvent): Promise<HttpResult> => {
      await service.delete(
        event.owner,
        event.pathParameters.id ?? "",
        expectedVersion(event.headers["if-match"]),
      );
      return noContent();
    });
  return asRouteHandler(stack);
}

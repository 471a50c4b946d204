import { createApp } from "../../../src/handlers/app.ts";
import type { AppLogger } from "../../../src/handlers/logger.ts";
import {
  apiGatewayEvent,
  lambdaContext,
  type PayloadFormat,
  type RequestSpec,
} from "../../support/events.ts";
import { createInMemoryNotes } from "../../support/in-memory-stores.ts";

export interface LogLine {
  level: "info" | "error";
  message: string;
  attributes: Record<string, unknown>;
}

/** A logger that keeps what it is told, for tests to read. */
export function capturingLogger(): AppLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, attributes) => lines.push({ level: "info", message, attributes }),
    error: (message, attributes) => lines.push({ level: "error", message, attributes }),
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed body; undefined when it is empty. */
  json: unknown;
}

/** The real app over the real service and in-memory fakes, called with events in one payload format. */
export function createTestApp(format: PayloadFormat, options: { defaultOwner?: string } = {}) {
  const notes = createInMemoryNotes();
  const logger = capturingLogger();
  const handler = createApp(notes.service, { logger, ...options });

  async function invoke(event: unknown): Promise<Answer> {
    const result = await handler(event as Parameters<typeof handler>[0], lambdaContext());
    return {
      status: result.statusCode,
      headers: result.headers,
      body: result.body,
      json: result.body === "" ? undefined : JSON.parse(result.body),
    };
  }

  const send = (spec: RequestSpec) => invoke(apiGatewayEvent(format, spec));

  return {
    ...notes,
    logger,
    handler,
    invoke,
    send,
    create: (body: unknown, extra: Partial<RequestSpec> = {}) =>
      send({ method: "POST", resource: "/notes", body: body as object, ...extra }),
    list: (query: Record<string, string | string[]> = {}, extra: Partial<RequestSpec> = {}) =>
      send({ method: "GET", resource: "/notes", query, ...extra }),
    get: (id: string, extra: Partial<RequestSpec> = {}) =>
      send({ method: "GET", resource: "/notes/{id}", pathParameters: { id }, ...extra }),
    update: (id: string, body: unknown, extra: Partial<RequestSpec> = {}) =>
      send({
        method: "PATCH",
        resource: "/notes/{id}",
        pathParameters: { id },
        body: body as object,
        ...extra,
      }),
    remove: (id: string, extra: Partial<RequestSpec> = {}) =>
      send({ method: "DELETE", resource: "/notes/{id}", pathParameters: { id }, ...extra }),
  };
}

export const PAYLOAD_FORMATS: PayloadFormat[] = ["2.0", "1.0"];

/** The note_id of a note answer. */
export function idOf(answer: Answer): string {
  return (answer.json as { note_id: string }).note_id;
}

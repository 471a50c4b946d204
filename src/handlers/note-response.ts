import type { Note } from "../domain/index.ts";
import { type HttpResult, jsonResponse } from "./http-response.ts";

/** A note as clients see it: snake_case, integers as JSON numbers, no owner. */
export interface WireNote {
  note_id: string;
  title: string;
  content: string;
  created_at: number;
  updated_at: number;
  version: number;
}

export function toWireNote(note: Note): WireNote {
  return {
    note_id: note.noteId,
    title: note.title,
    content: note.content,
    created_at: note.createdAt,
    updated_at: note.updatedAt,
    version: note.version,
  };
}

/** The note's version as a strong entity tag: "3". */
export function entityTag(note: Note): string {
  return `"${note.version}"`;
}

/** One note as the body, with its ETag. */
export function noteResponse(
  statusCode: number,
  note: Note,
  headers: Record<string, string> = {},
): HttpResult {
  return jsonResponse(statusCode, toWireNote(note), { etag: entityTag(note), ...headers });
}

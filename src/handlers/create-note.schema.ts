import { NOTE_LIMITS } from "../domain/index.ts";

/**
 * POST /notes, the event after JSON parsing: the body is an object of strings, no other fields. Shape only:
 * whether a title is there and what it may be is the service's rule ("title is required", 1..200 trimmed).
 * Precompiled into validators.generated.js: after a change, run `npm run generate`.
 */
export const createNoteEventSchema = {
  type: "object",
  required: ["body"],
  properties: {
    body: {
      type: "object",
      properties: {
        title: { type: "string" },
        content: { type: "string", maxLength: NOTE_LIMITS.contentMaxLength },
      },
      additionalProperties: false,
    },
  },
} as const;

/** The body once createNoteEventSchema accepted it. */
export interface CreateNoteBody {
  title?: string;
  content?: string;
}

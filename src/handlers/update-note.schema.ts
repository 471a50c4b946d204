import { NOTE_LIMITS } from "../domain/index.ts";

/**
 * PATCH /notes/{id}, the event after JSON parsing: an object with title and/or content as strings, no other
 * fields. Whether there is anything to update and the title's length are the service's rules.
 * Precompiled into validators.generated.js: after a change, run `npm run generate`.
 */
export const updateNoteEventSchema = {
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

/** The body once updateNoteEventSchema accepted it. */
export interface UpdateNoteBody {
  title?: string;
  content?: string;
}

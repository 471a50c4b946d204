import { NOTE_LIMITS } from "../domain/index.ts";

/**
 * The JSON body POST /notes and PATCH /notes/{id} accept: an object with title and/or content as strings, no
 * other fields. Shape only: whether a title is required, its trimmed length and whether there is anything to
 * update are the service's rules. Precompiled into validators.generated.js: after a change, run `npm run generate`.
 */
export const noteBodySchema = {
  type: "object",
  properties: {
    title: { type: "string" },
    content: { type: "string", maxLength: NOTE_LIMITS.contentMaxLength },
  },
  additionalProperties: false,
} as const;

/** A body once noteBodySchema accepted it. */
export interface NoteBody {
  title?: string;
  content?: string;
}

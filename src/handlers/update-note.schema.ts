import { noteBodySchema } from "./note-body.schema.ts";

/** PATCH /notes/{id}, the event after JSON parsing. Precompiled into validators.generated.js (`npm run generate`). */
export const updateNoteEventSchema = {
  type: "object",
  required: ["body"],
  properties: { body: noteBodySchema },
} as const;

import { noteBodySchema } from "./note-body.schema.ts";

/** POST /notes, the event after JSON parsing. Precompiled into validators.generated.js (`npm run generate`). */
export const createNoteEventSchema = {
  type: "object",
  required: ["body"],
  properties: { body: noteBodySchema },
} as const;

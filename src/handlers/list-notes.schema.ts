import { NOTE_LIMITS } from "../domain/index.ts";

const limitMessage = `must be an integer from 1 to ${NOTE_LIMITS.listMaxLimit}`;

/**
 * GET /notes, the query: limit as digits (checked as the string it is, converted by the route; the range
 * is the service's rule), cursor as a non-empty string; no other parameters.
 * Precompiled into validators.generated.js: after a change, run `npm run generate`.
 */
export const listNotesEventSchema = {
  type: "object",
  properties: {
    queryStringParameters: {
      type: "object",
      properties: {
        limit: { type: "string", pattern: "^[0-9]{1,6}$", errorMessage: limitMessage },
        cursor: {
          type: "string",
          minLength: 1,
          maxLength: 4096,
          errorMessage: "must be a next_cursor this service returned",
        },
      },
      additionalProperties: false,
    },
  },
} as const;

/** The query once listNotesEventSchema accepted it. */
export interface ListNotesQuery {
  limit?: string;
  cursor?: string;
}

import { transpileSchema } from "@middy/validator/transpile";
import { describe, expect, test } from "vitest";
import {
  AJV_OPTIONS,
  EVENT_SCHEMAS,
  generateValidators,
  readCommittedValidators,
} from "../../../scripts/generate-validators.ts";
import { createNoteEventSchema } from "../../../src/handlers/create-note.schema.ts";
import { listNotesEventSchema } from "../../../src/handlers/list-notes.schema.ts";
import { updateNoteEventSchema } from "../../../src/handlers/update-note.schema.ts";
import {
  type EventValidator,
  validateCreateNoteEvent,
  validateListNotesEvent,
  validateUpdateNoteEvent,
} from "../../../src/handlers/validators.generated.js";

const emoji = "\u{1F600}"; // two UTF-16 units, one character

/** Bodies that exercise every keyword of the create and update schemas, valid and not. */
const BODY_EVENTS: unknown[] = [
  { body: {} },
  { body: { title: "t" } },
  { body: { title: "t", content: "c" } },
  { body: { content: "x".repeat(20_000) } },
  { body: { content: "x".repeat(20_001) } },
  { body: { content: emoji.repeat(20_000) } },
  { body: { content: `${emoji.repeat(19_999)}xx` } },
  { body: { title: 123 } },
  { body: { title: null, content: ["c"] } },
  { body: { title: "t", colour: "red" } },
  { body: { title: 1, content: 2, "a/b~c": 3, __proto__x: 4 } },
  { body: "a string" },
  { body: null },
  { body: [] },
  {},
  null,
  "event",
];

/** Queries that exercise every keyword and errorMessage of the list schema, valid and not. */
const QUERY_EVENTS: unknown[] = [
  {},
  { queryStringParameters: {} },
  { queryStringParameters: { limit: "20" } },
  { queryStringParameters: { limit: "999999", cursor: "c" } },
  { queryStringParameters: { limit: "1234567" } },
  { queryStringParameters: { limit: "ten" } },
  { queryStringParameters: { limit: "-1" } },
  { queryStringParameters: { limit: 5 } },
  { queryStringParameters: { cursor: "" } },
  { queryStringParameters: { cursor: "x".repeat(4096) } },
  { queryStringParameters: { cursor: "x".repeat(4097) } },
  { queryStringParameters: { cursor: 7, limit: "x", sort: "asc" } },
  { queryStringParameters: { sort: "asc", order: "desc" } },
  { queryStringParameters: null },
  { queryStringParameters: "limit=1" },
  null,
];

const ROUTES: [string, object, EventValidator, unknown[]][] = [
  ["POST /notes", createNoteEventSchema, validateCreateNoteEvent, BODY_EVENTS],
  ["PATCH /notes/{id}", updateNoteEventSchema, validateUpdateNoteEvent, BODY_EVENTS],
  ["GET /notes", listNotesEventSchema, validateListNotesEvent, QUERY_EVENTS],
];

describe("precompiled event validators", () => {
  test("are exactly what npm run generate writes from the schemas now", () => {
    const generated = generateValidators();

    const committed = readCommittedValidators();

    expect(committed.module, "run `npm run generate` and commit the result").toBe(generated.module);
    expect(committed.types, "run `npm run generate` and commit the result").toBe(generated.types);
  });

  test("cover exactly the routes' schemas", () => {
    expect(Object.values(EVENT_SCHEMAS)).toEqual([
      createNoteEventSchema,
      listNotesEventSchema,
      updateNoteEventSchema,
    ]);
  });

  test("import nothing at run time (no Ajv in the Lambda bundle)", () => {
    const { module } = readCommittedValidators();

    expect(module).not.toMatch(/\bimport\b|\brequire\(/);
  });

  test.each(ROUTES)(
    "%s: accept, reject and report exactly as @middy/validator's transpileSchema with our options",
    (_route, schema, precompiled, events) => {
      const transpiled = transpileSchema(schema, {
        coerceTypes: AJV_OPTIONS.coerceTypes,
        useDefaults: AJV_OPTIONS.useDefaults,
      }) as unknown as EventValidator;
      let rejected = 0;

      for (const event of events) {
        const expectedValid = transpiled(structuredClone(event));
        const actualValid = precompiled(structuredClone(event));

        expect({ event, valid: actualValid, errors: precompiled.errors }).toEqual({
          event,
          valid: expectedValid,
          errors: transpiled.errors,
        });
        if (!actualValid) rejected += 1;
      }
      expect(rejected).toBeGreaterThan(events.length / 2);
      expect(rejected).toBeLessThan(events.length);
    },
  );
});

import validator, { type Options } from "@middy/validator";
import type { EventValidator } from "./validators.generated.js";

/**
 * @middy/validator over one of the precompiled event validators (validators.generated.js, `npm run generate`).
 * Middy's types call eventSchema an Ajv instance, but it calls it as the compiled function it is and reads its
 * `.errors` (what transpileSchema returns too): this is the one place that says so.
 */
export function validateEvent(validate: EventValidator) {
  return validator({ eventSchema: validate as unknown as NonNullable<Options["eventSchema"]> });
}

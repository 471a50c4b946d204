import { transpileSchema } from "@middy/validator/transpile";

/**
 * Compiles a route's event schema for @middy/validator. Call it once, at module scope of the route's file
 * (compiling costs milliseconds; validating microseconds).
 *
 * Middy's defaults coerce types (`coerceTypes: "array"`, meant for query strings): `{"title": 123}` would pass
 * as "123". Coercion is off, so query values are checked as the strings they are and converted by the route.
 * `useDefaults` is off too: the schemas only check shape; defaults are the domain's business.
 */
export function compileEventSchema(schema: object) {
  return transpileSchema(schema, { coerceTypes: false, useDefaults: false });
}

// What ElectroDB's `require("jsonschema")` returns in the Lambda bundle. ElectroDB uses jsonschema only to check
// the shape of an entity's model when the Entity is constructed. Our models are constants, and the build checks
// them with the real ElectroDB before it zips the package (checkEntityModels in scripts/lambda-package.ts), so the
// deployed function does not redo that check on every cold start (about 15 ms: loading jsonschema, compiling
// ElectroDB's model schemas, validating). Tests and the local endpoint run the real ElectroDB, check included.
class Validator {
  addSchema() {}
  validate() {
    return { errors: [] };
  }
}
// ElectroDB adds its custom formats to the prototype.
Validator.prototype.customFormats = {};
module.exports = { Validator };

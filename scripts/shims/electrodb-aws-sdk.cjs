// The objects ElectroDB's `require("@aws-sdk/lib-dynamodb")` and `require("@aws-sdk/util-dynamodb")` return in
// the Lambda bundle: filled at the bundle's start by electrodb-aws-sdk.ts (see there for why).
module.exports = { "@aws-sdk/lib-dynamodb": {}, "@aws-sdk/util-dynamodb": {} };

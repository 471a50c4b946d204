/** See electrodb-aws-sdk.cjs: the objects ElectroDB's two AWS SDK requires return in the Lambda bundle. */
declare const requires: Record<"@aws-sdk/lib-dynamodb" | "@aws-sdk/util-dynamodb", Record<string, unknown>>;
export = requires;

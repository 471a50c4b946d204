import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ENTITY_FACTORIES, type NotesEntitiesConfig } from "../src/adapters/notes-entities.ts";

/**
 * Builds every ElectroDB entity of the adapter with the real ElectroDB, whose Entity constructor checks the model
 * (with jsonschema) and throws an ElectroError naming what is wrong. The Lambda bundle leaves that check out
 * (scripts/shims/electrodb-jsonschema.cjs), so `buildLambdaPackage` runs it here instead: a model ElectroDB
 * would refuse never reaches a package. Nothing is sent: the client only has to exist.
 */
export function checkEntityModels(
  factories: ReadonlyArray<(config: NotesEntitiesConfig) => unknown> = ENTITY_FACTORIES,
): void {
  const client = new DynamoDBClient({ region: "us-east-1" });
  try {
    for (const create of factories) {
      try {
        create({ client, tableName: "entity-model-check" });
      } catch (error) {
        throw new Error(`ElectroDB refuses the model built by ${create.name}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  } finally {
    client.destroy();
  }
}

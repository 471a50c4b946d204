import { Entity } from "electrodb";
import { describe, expect, it } from "vitest";
import { checkEntityModels } from "../../../scripts/entity-model-check.ts";
import * as entities from "../../../src/adapters/notes-entities.ts";
import { ENTITY_FACTORIES, type NotesEntitiesConfig } from "../../../src/adapters/notes-entities.ts";

describe("checkEntityModels (the build's stand-in for ElectroDB's model check, left out of the bundle)", () => {
  it("accepts the adapter's entities", () => {
    expect(() => checkEntityModels()).not.toThrow();
  });

  it("covers every entity the adapter defines", () => {
    const factories = Object.entries(entities)
      .filter(([name, value]) => /^create\w*Entity$/.test(name) && typeof value === "function")
      .map(([, value]) => value);
    expect(factories.length).toBeGreaterThan(0);
    expect([...ENTITY_FACTORIES].sort()).toEqual(factories.sort());
  });

  it("fails on a model only ElectroDB's schema check refuses, naming the factory", () => {
    function createBrokenEntity({ client, tableName }: NotesEntitiesConfig) {
      return new Entity(
        {
          model: { entity: "broken", version: "1", service: "notes" },
          // `required` must be a boolean: the bundle's ElectroDB, without jsonschema, would take "yes" silently.
          attributes: { id: { type: "string", required: "yes" as unknown as boolean } },
          indexes: { byId: { pk: { field: "pk", composite: ["id"] }, sk: { field: "sk", composite: [] } } },
        },
        { client, table: tableName },
      );
    }
    expect(() => checkEntityModels([createBrokenEntity])).toThrow(
      /ElectroDB refuses the model built by createBrokenEntity: .*attributes\.id\.required is not of a type\(s\) boolean/,
    );
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

const DOMAIN = join(import.meta.dirname, "../../../src/domain");

/** What the domain may not depend on: AWS, Middy, ElectroDB, Lambda types, Node I/O, the outer layers. */
const FORBIDDEN = [
  /^@aws-sdk\//,
  /^@smithy\//,
  /^aws-sdk$/,
  /^@middy\//,
  /^electrodb$/,
  /^aws-lambda$/,
  /^node:/,
  /\.\.\/(adapters|handlers)(\/|$)/,
];

/** Every module specifier a source imports or re-exports, statically or dynamically. */
function importedModules(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^"'`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

function forbiddenImports(source: string): string[] {
  return importedModules(source).filter((specifier) => FORBIDDEN.some((rule) => rule.test(specifier)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the domain's dependencies", () => {
  test("the import check sees every form of a forbidden import", () => {
    const source = [
      `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";`,
      `import type { Context } from "aws-lambda";`,
      `export { x } from "../adapters/dynamodb-stores.ts";`,
      `import "node:fs";`,
      `const m = await import("@middy/core");`,
      `import {\n  Entity,\n} from "electrodb";`,
      `import { ok } from "./note.ts";`,
    ].join("\n");

    expect(forbiddenImports(source)).toEqual([
      "@aws-sdk/client-dynamodb",
      "aws-lambda",
      "../adapters/dynamodb-stores.ts",
      "electrodb",
      "node:fs",
      "@middy/core",
    ]);
  });

  test("no file in src/domain imports AWS, Middy, ElectroDB, Node or the adapters and handlers", () => {
    const files = filesUnder(DOMAIN);
    const offences = files.flatMap((file) =>
      forbiddenImports(readFileSync(file, "utf8")).map(
        (specifier) => `${relative(DOMAIN, file)}: ${specifier}`,
      ),
    );

    expect(files.length).toBeGreaterThan(0);
    expect(offences).toEqual([]);
  });
});

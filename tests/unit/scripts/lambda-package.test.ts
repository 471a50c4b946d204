import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLambdaPackage } from "../../../scripts/lambda-package.ts";

let scratch: string;

/** A tiny entry: a TypeScript import, a Node built-in, and a CommonJS file that requires a built-in itself. */
const ENTRY_FILES = {
  "greeting.ts": 'export const greeting = (name: string): string => "hello " + name;\n',
  "legacy.cjs": 'module.exports = { platform: require("node:os").platform() };\n',
  "index.ts": [
    'import { createHash } from "node:crypto";',
    'import { greeting } from "./greeting.ts";',
    'import legacy from "./legacy.cjs";',
    "export const handler = async (event: { name: string }) => ({",
    "  body: greeting(event.name),",
    "  legacy: legacy.platform,",
    '  digest: createHash("sha256").update(event.name).digest("hex").slice(0, 8),',
    "});",
  ].join("\n"),
};

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "notes-package-"));
  for (const [name, text] of Object.entries(ENTRY_FILES)) writeFileSync(join(scratch, name), text);
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function build() {
  return buildLambdaPackage({
    entry: join(scratch, "index.ts"),
    bundleDir: join(scratch, "dist", "lambda"),
    zipPath: join(scratch, "dist", "lambda.zip"),
  });
}

describe("buildLambdaPackage", () => {
  it("bundles the entry and its CommonJS dependencies into one ES module exporting handler, with a source map", async () => {
    const built = await build();

    expect(Object.keys(built.files)).toEqual(["index.mjs", "index.mjs.map"]);
    // In a plain Node process, as Lambda runs it (a test runner's module loader would lend it a require).
    const run = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { handler } = await import(${JSON.stringify(pathToFileURL(join(scratch, "dist", "lambda", "index.mjs")).href)});
         console.log(JSON.stringify(await handler({ name: "notes" })));`,
      ],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      body: "hello notes",
      legacy: process.platform,
      digest: "ab5aa970",
    });
    const map = JSON.parse(readFileSync(join(scratch, "dist", "lambda", "index.mjs.map"), "utf8"));
    expect(map.sources.some((source: string) => source.endsWith("greeting.ts"))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it("zips the bundle and the map, the same bytes for the same code", async () => {
    const first = await build();
    const firstHash = createHash("sha256").update(readFileSync(first.zipPath)).digest("hex");

    const second = await build();
    const secondHash = createHash("sha256").update(readFileSync(second.zipPath)).digest("hex");

    const zip = readFileSync(second.zipPath);
    expect(zip.subarray(0, 4).toString("hex")).toBe("504b0304");
    expect(zip.includes(Buffer.from("index.mjs.map"))).toBe(true);
    expect(second.zipBytes).toBe(zip.length);
    expect(secondHash).toBe(firstHash);
  });
});

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

describe("buildLambdaPackage: what a cold start loads", () => {
  function runBundle(expression: string) {
    const bundle = pathToFileURL(join(scratch, "dist", "lambda", "index.mjs")).href;
    return spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { handler } = await import(${JSON.stringify(bundle)}); console.log(JSON.stringify(${expression}));`,
      ],
      { encoding: "utf8" },
    );
  }

  it("puts what only import() reaches into chunks/, loaded when that import runs, and zips them", async () => {
    writeFileSync(join(scratch, "rarely.ts"), 'export const rarely = () => "loaded on demand";\n');
    writeFileSync(
      join(scratch, "index.ts"),
      'export const handler = async () => (await import("./rarely.ts")).rarely();\n',
    );

    const built = await build();

    const chunks = Object.keys(built.files).filter(
      (name) => name.startsWith("chunks/") && name.endsWith(".mjs"),
    );
    expect(chunks).toHaveLength(1);
    expect(built.files[`${chunks[0]}.map`]).toBeGreaterThan(0);
    expect(built.lazyCodeBytes).toBe(built.files[chunks[0] as string]);
    expect(built.startupCodeBytes).toBe(built.files["index.mjs"]);
    expect(readFileSync(built.zipPath).includes(Buffer.from(chunks[0] as string))).toBe(true);
    const run = runBundle("await handler()");
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toBe("loaded on demand");
  });

  it("imports Node built-ins without loading what their lazy exports would (node:http's WebSocket loads undici)", async () => {
    writeFileSync(
      join(scratch, "index.ts"),
      'import { STATUS_CODES } from "node:http";\nexport const handler = () => STATUS_CODES[404];\n',
    );
    await build();

    const run = runBundle(
      '[handler(), process.moduleLoadList.some((name) => name.includes("internal/deps/undici/undici"))]',
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(["Not Found", false]);
  });
});

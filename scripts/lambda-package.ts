import { createWriteStream, readdirSync, rmSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";
import { ZipFile } from "yazl";
import { checkEntityModels } from "./entity-model-check.ts";
import { LAMBDA_BUNDLE_DIR, LAMBDA_ENTRY, LAMBDA_ZIP } from "./project-paths.ts";

export interface LambdaPackage {
  zipPath: string;
  /** Bytes of each file in the zip, by its path in the zip (`index.mjs`, `chunks/...`), and of the zip itself. */
  files: Record<string, number>;
  zipBytes: number;
  /** Bytes of code Node loads when it imports index.mjs: the entry and the chunks it imports statically. */
  startupCodeBytes: number;
  /** Bytes of code in chunks only `import()` reaches, loaded if and when that import runs. */
  lazyCodeBytes: number;
}

export interface LambdaPackageOptions {
  entry?: string;
  bundleDir?: string;
  zipPath?: string;
}

/**
 * Some CommonJS dependencies `require()` Node built-ins; in an ESM bundle that needs a real `require`.
 * esbuild's own shim uses it when it exists.
 */
const REQUIRE_BANNER =
  'import { createRequire as __notesCreateRequire } from "node:module";\nconst require = __notesCreateRequire(import.meta.url);';

const ELECTRODB_AWS_SDK_OBJECTS = fileURLToPath(new URL("./shims/electrodb-aws-sdk.cjs", import.meta.url));
const ELECTRODB_AWS_SDK_FILLER = fileURLToPath(new URL("./shims/electrodb-aws-sdk.ts", import.meta.url));
const ELECTRODB_JSONSCHEMA = fileURLToPath(new URL("./shims/electrodb-jsonschema.cjs", import.meta.url));
const ELECTRODB_FILE = /[\\/]node_modules[\\/]electrodb[\\/]/;

/**
 * ElectroDB (CommonJS) `require`s `@aws-sdk/lib-dynamodb` and `@aws-sdk/util-dynamodb`. In an ES module bundle a
 * CommonJS require of an ES module takes all of it and wraps it, and everything it imports (the whole AWS SDK),
 * in lazily initialised closures that esbuild cannot tree-shake through: every DynamoDB command, waiter and
 * schema is bundled and compiled at cold start. This plugin answers those two requires with plain CommonJS
 * objects (scripts/shims/electrodb-aws-sdk.cjs) that scripts/shims/electrodb-aws-sdk.ts fills with the real
 * classes and function ElectroDB uses, imported as ES modules; that module is imported wherever our code
 * imports "electrodb". ElectroDB reads those objects only when it sends a request, after the bundle has loaded.
 *
 * It also answers ElectroDB's `require("jsonschema")`, which only checks an entity model's shape when the Entity
 * is built, with a validator that finds nothing (scripts/shims/electrodb-jsonschema.cjs); the build runs the real
 * check instead (checkEntityModels). Bundles without ElectroDB (the benchmark's baseline) are left as they are.
 */
const electroDbAwsSdkPlugin: Plugin = {
  name: "electrodb-aws-sdk",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/(lib|util)-dynamodb$/ }, ({ path, importer }) =>
      ELECTRODB_FILE.test(importer) ? { path, namespace: "electrodb-aws-sdk" } : undefined,
    );
    build.onResolve({ filter: /^jsonschema$/ }, ({ importer }) =>
      ELECTRODB_FILE.test(importer) ? { path: ELECTRODB_JSONSCHEMA } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "electrodb-aws-sdk" }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(ELECTRODB_AWS_SDK_OBJECTS)})[${JSON.stringify(path)}];`,
      loader: "js",
      resolveDir: dirname(ELECTRODB_AWS_SDK_OBJECTS),
    }));
    build.onResolve({ filter: /^electrodb$/ }, ({ namespace, importer }) =>
      namespace === "electrodb" || importer.includes("node_modules")
        ? undefined
        : { path: "electrodb", namespace: "electrodb" },
    );
    build.onLoad({ filter: /.*/, namespace: "electrodb" }, () => ({
      contents: `import ${JSON.stringify(ELECTRODB_AWS_SDK_FILLER)};\nexport * from "electrodb";`,
      loader: "js",
      resolveDir: dirname(ELECTRODB_AWS_SDK_FILLER),
    }));
  },
};

/**
 * Answers every import of a Node built-in (`node:http`, `"crypto"`, ...) with a CommonJS `require` of it.
 * An ES module import of a built-in makes Node copy all of its exports into the module namespace, reading every
 * lazy getter on the way: `node:http`'s `WebSocket`, `MessageEvent` and `CloseEvent` load the whole of undici
 * (fetch), about 25 ms of a cold start on this machine, and `node:process` copies every property of `process`.
 * `require` returns the module object without touching them. esbuild then reads the bindings through getters
 * when they are used, and a require inside a lazily initialised module (the AWS SDK's optional credential
 * providers) runs only if that module ever does.
 */
const builtinsThroughRequirePlugin: Plugin = {
  name: "builtins-through-require",
  setup(build) {
    build.onResolve({ filter: /^[a-z0-9:_/]+$/ }, ({ path, namespace }) =>
      namespace !== "builtin" && isBuiltin(path) ? { path, namespace: "builtin" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "builtin" }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path.startsWith("node:") ? path : `node:${path}`)});`,
      loader: "js",
    }));
  },
};

/** All files in a zip get this time, so the same code always makes the same zip (and the same hash). */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/**
 * Bundles the Lambda entry with everything it imports, the AWS SDK included (the runtime's bundled SDK
 * version is not ours to pick), into dist/lambda/index.mjs and the chunks it imports, with source maps, and zips
 * that folder into dist/lambda.zip for Terraform.
 *
 * Code splitting: what the code only ever loads with `import()` (most of the AWS SDK's credential providers,
 * their STS/SSO clients, the browser user-agent parser) goes into chunks of its own under `chunks/`, which Node
 * reads only if that import runs. In Lambda it never does beyond the environment-credentials provider, so the
 * cold start does not parse about 100 KiB it would never use.
 */
export async function buildLambdaPackage({
  entry = LAMBDA_ENTRY,
  bundleDir = LAMBDA_BUNDLE_DIR,
  zipPath = LAMBDA_ZIP,
}: LambdaPackageOptions = {}): Promise<LambdaPackage> {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(zipPath, { force: true });
  const { metafile } = await build({
    entryPoints: [entry],
    outdir: bundleDir,
    entryNames: "index",
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    splitting: true,
    metafile: true,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    // Prefer the ES module builds (the AWS SDK has them): smaller, and no CommonJS interop.
    mainFields: ["module", "main"],
    minify: true,
    sourcemap: true,
    // Stack traces only need the mappings; the sources would double the package.
    sourcesContent: false,
    legalComments: "none",
    banner: { js: REQUIRE_BANNER },
    // Arrow functions written out as `function` expressions: V8 parses the bundle's many small arrows (esbuild's
    // module wrappers among them) more slowly at load. Measured on the import of both bundles, 25 alternating
    // runs each: ours 95 -> 87 ms, the baseline 62 -> 60 ms (bench/README.md). The behaviour is the same;
    // tests/local/lambda-bundle.test.ts runs every route through the built bundle.
    supported: { arrow: false },
    plugins: [builtinsThroughRequirePlugin, electroDbAwsSdkPlugin],
    logLevel: "warning",
  });
  if (Object.keys(metafile.inputs).some((input) => input.endsWith("electrodb-jsonschema.cjs"))) {
    checkEntityModels();
  }

  const names = readdirSync(bundleDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(bundleDir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
  const zip = new ZipFile();
  for (const name of names) {
    zip.addFile(join(bundleDir, name), name, { mtime: FIXED_MTIME, mode: 0o100644 });
  }
  zip.end();
  await mkdir(dirname(zipPath), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(zipPath));

  const files = Object.fromEntries(names.map((name) => [name, statSync(join(bundleDir, name)).size]));
  // Metafile paths are relative to the working directory, with forward slashes.
  const entryOutput = relative(process.cwd(), join(bundleDir, "index.mjs")).split(sep).join("/");
  const startup = loadedAtStartup(metafile.outputs, entryOutput);
  let startupCodeBytes = 0;
  let lazyCodeBytes = 0;
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (path.endsWith(".map")) continue;
    if (startup.has(path)) startupCodeBytes += output.bytes;
    else lazyCodeBytes += output.bytes;
  }
  return { zipPath, files, zipBytes: statSync(zipPath).size, startupCodeBytes, lazyCodeBytes };
}

/** The entry's output file and every output file it reaches through static imports. */
function loadedAtStartup(outputs: Metafile["outputs"], entry: string): Set<string> {
  if (outputs[entry] === undefined) throw new Error(`esbuild wrote no ${entry}`);
  const loaded = new Set<string>();
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) pending.push(imported.path);
    }
  }
  return loaded;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

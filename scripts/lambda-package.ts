import { createWriteStream, readdirSync, rmSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { ZipFile } from "yazl";
import { LAMBDA_BUNDLE_DIR, LAMBDA_ENTRY, LAMBDA_ZIP } from "./project-paths.ts";

export interface LambdaPackage {
  zipPath: string;
  /** Bytes of each file in the zip, by name, and of the zip itself. */
  files: Record<string, number>;
  zipBytes: number;
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
const ELECTRODB_FILE = /[\\/]node_modules[\\/]electrodb[\\/]/;

/**
 * ElectroDB (CommonJS) `require`s `@aws-sdk/lib-dynamodb` and `@aws-sdk/util-dynamodb`. In an ES module bundle a
 * CommonJS require of an ES module takes all of it and wraps it, and everything it imports (the whole AWS SDK),
 * in lazily initialised closures that esbuild cannot tree-shake through: every DynamoDB command, waiter and
 * schema is bundled and compiled at cold start. This plugin answers those two requires with plain CommonJS
 * objects (scripts/shims/electrodb-aws-sdk.cjs) that scripts/shims/electrodb-aws-sdk.ts fills with the real
 * classes and function ElectroDB uses, imported as ES modules; that module is imported wherever our code
 * imports "electrodb". ElectroDB reads those objects only when it sends a request, after the bundle has loaded.
 * Bundles without ElectroDB (the benchmark's baseline) are left as they are.
 */
const electroDbAwsSdkPlugin: Plugin = {
  name: "electrodb-aws-sdk",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/(lib|util)-dynamodb$/ }, ({ path, importer }) =>
      ELECTRODB_FILE.test(importer) ? { path, namespace: "electrodb-aws-sdk" } : undefined,
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

/** All files in a zip get this time, so the same code always makes the same zip (and the same hash). */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/**
 * Bundles the Lambda entry with everything it imports, the AWS SDK included (the runtime's bundled SDK
 * version is not ours to pick), into dist/lambda/index.mjs with its source map, and zips that folder into
 * dist/lambda.zip for Terraform.
 */
export async function buildLambdaPackage({
  entry = LAMBDA_ENTRY,
  bundleDir = LAMBDA_BUNDLE_DIR,
  zipPath = LAMBDA_ZIP,
}: LambdaPackageOptions = {}): Promise<LambdaPackage> {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(zipPath, { force: true });
  await build({
    entryPoints: [entry],
    outfile: join(bundleDir, "index.mjs"),
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
    plugins: [electroDbAwsSdkPlugin],
    logLevel: "warning",
  });

  const names = readdirSync(bundleDir).sort();
  const zip = new ZipFile();
  for (const name of names) {
    zip.addFile(join(bundleDir, name), name, { mtime: FIXED_MTIME, mode: 0o100644 });
  }
  zip.end();
  await mkdir(dirname(zipPath), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(zipPath));

  const files = Object.fromEntries(names.map((name) => [name, statSync(join(bundleDir, name)).size]));
  return { zipPath, files, zipBytes: statSync(zipPath).size };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

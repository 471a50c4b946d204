/** `npm run build`: the Lambda package, dist/lambda/index.mjs and its chunks (+ maps) zipped into dist/lambda.zip. */
import { relative } from "node:path";
import { buildLambdaPackage, formatBytes } from "./lambda-package.ts";
import { LAMBDA_BUNDLE_DIR, PROJECT_ROOT } from "./project-paths.ts";
import { runScript } from "./script-error.ts";

runScript(async () => {
  const started = performance.now();
  const built = await buildLambdaPackage();
  const names = Object.keys(built.files);
  const chunks = names.filter((name) => name.startsWith("chunks/") && name.endsWith(".mjs"));
  const bundleDir = relative(PROJECT_ROOT, LAMBDA_BUNDLE_DIR);
  console.log(`  ${bundleDir}/index.mjs  ${formatBytes(built.files["index.mjs"] ?? 0)}`);
  console.log(`  ${bundleDir}/chunks/  ${chunks.length} chunks, source maps beside each file`);
  console.log(
    `  code loaded at cold start (index.mjs + the chunks it imports): ${formatBytes(built.startupCodeBytes)}`,
  );
  console.log(`  code loaded only if an import() runs: ${formatBytes(built.lazyCodeBytes)}`);
  console.log(`  ${relative(PROJECT_ROOT, built.zipPath)}  ${formatBytes(built.zipBytes)}`);
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
});

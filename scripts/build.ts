/** `npm run build`: the Lambda package, dist/lambda/index.mjs (+ map) zipped into dist/lambda.zip. */
import { relative } from "node:path";
import { buildLambdaPackage, formatBytes } from "./lambda-package.ts";
import { LAMBDA_BUNDLE_DIR, PROJECT_ROOT } from "./project-paths.ts";
import { runScript } from "./script-error.ts";

runScript(async () => {
  const started = performance.now();
  const built = await buildLambdaPackage();
  for (const [name, bytes] of Object.entries(built.files)) {
    console.log(`  ${relative(PROJECT_ROOT, LAMBDA_BUNDLE_DIR)}/${name}  ${formatBytes(bytes)}`);
  }
  console.log(`  ${relative(PROJECT_ROOT, built.zipPath)}  ${formatBytes(built.zipBytes)}`);
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
});

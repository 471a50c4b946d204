import { join } from "node:path";
import { buildLambdaPackage } from "../../scripts/lambda-package.ts";
import type { BenchContext } from "./figure.ts";

export interface Bundles {
  /** dist/lambda/index.mjs, as `npm run build` makes it. */
  ours: string;
  /** The baseline handler bundled by the same function with the same options, in bench/.build/ (git-ignored). */
  baseline: string;
  /** Code loaded when the bundle is imported (index.mjs and the chunks it imports), and code only import() loads. */
  oursBytes: { startup: number; lazy: number };
  baselineBytes: { startup: number; lazy: number };
}

let built: Promise<Bundles> | undefined;

/** Builds both Lambda bundles once per benchmark run, with the build step's own function. */
export function buildBundles(context: BenchContext): Promise<Bundles> {
  built ??= build(context);
  return built;
}

async function build({ root, log }: BenchContext): Promise<Bundles> {
  const started = performance.now();
  const ours = await buildLambdaPackage();
  const baselineDir = join(root, "bench/.build/baseline");
  const baseline = await buildLambdaPackage({
    entry: join(root, "bench/baseline/handler.ts"),
    bundleDir: baselineDir,
    zipPath: join(root, "bench/.build/baseline.zip"),
  });
  log(`  built both Lambda bundles in ${(performance.now() - started).toFixed(0)} ms`);
  return {
    ours: join(root, "dist/lambda/index.mjs"),
    baseline: join(baselineDir, "index.mjs"),
    oursBytes: { startup: ours.startupCodeBytes, lazy: ours.lazyCodeBytes },
    baselineBytes: { startup: baseline.startupCodeBytes, lazy: baseline.lazyCodeBytes },
  };
}

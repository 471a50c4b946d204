import { join } from "node:path";
import { buildLambdaPackage } from "../../scripts/lambda-package.ts";
import type { BenchContext } from "./figure.ts";

export interface Bundles {
  /** dist/lambda/index.mjs, as `npm run build` makes it. */
  ours: string;
  /** The baseline handler bundled by the same function with the same options, in bench/.build/ (git-ignored). */
  baseline: string;
  oursBytes: number;
  baselineBytes: number;
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
    oursBytes: ours.files["index.mjs"] ?? 0,
    baselineBytes: baseline.files["index.mjs"] ?? 0,
  };
}

import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { BuildOptions } from "esbuild";
import type { BenchContext } from "./figure.ts";
import { runNode } from "./processes.ts";

export interface Bundles {
  /** dist/lambda/index.mjs, as `npm run build` makes it. */
  ours: string;
  /** The baseline handler bundled with the same esbuild options, in bench/.build/ (git-ignored). */
  baseline: string;
  oursBytes: number;
  baselineBytes: number;
}

let built: Promise<Bundles> | undefined;

/** Builds both Lambda bundles once per benchmark run. */
export function buildBundles(context: BenchContext): Promise<Bundles> {
  built ??= build(context);
  return built;
}

async function build({ root, log }: BenchContext): Promise<Bundles> {
  const started = performance.now();
  await runNode([join(root, "scripts/build.ts")], { cwd: root });
  const ours = join(root, "dist/lambda/index.mjs");
  if (!existsSync(ours)) throw new Error(`npm run build did not produce ${ours}`);

  const baseline = join(root, "bench/.build/baseline/index.mjs");
  const esbuild = await import("esbuild");
  const options = await lambdaBuildOptions(root);
  await esbuild.build({
    ...options,
    entryPoints: [join(root, "bench/baseline/handler.ts")],
    outfile: baseline,
    metafile: false,
    write: true,
    logLevel: "warning",
  });
  log(`  built both bundles in ${(performance.now() - started).toFixed(0)} ms`);
  return {
    ours,
    baseline,
    oursBytes: (await stat(ours)).size,
    baselineBytes: (await stat(baseline)).size,
  };
}

/** The esbuild options scripts/build.ts uses for the Lambda bundle, so the baseline is bundled alike. */
async function lambdaBuildOptions(root: string): Promise<BuildOptions> {
  const script = (await import(join(root, "scripts/build.ts"))) as Record<string, unknown>;
  const exported = script.lambdaBuildOptions;
  const options = typeof exported === "function" ? await (exported as () => unknown)() : exported;
  if (typeof options !== "object" || options === null) {
    throw new Error(
      "scripts/build.ts does not export lambdaBuildOptions (the esbuild options of the bundle)",
    );
  }
  const { entryPoints: _entry, outfile: _outfile, outdir: _outdir, ...rest } = options as BuildOptions;
  return rest;
}

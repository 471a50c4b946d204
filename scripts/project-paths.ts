import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute paths of the places the scripts work on, wherever they are started from. */
export const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const INFRA_DIR = join(PROJECT_ROOT, "infra");
export const LAMBDA_ENTRY = join(PROJECT_ROOT, "src", "handlers", "index.ts");
export const LAMBDA_BUNDLE_DIR = join(PROJECT_ROOT, "dist", "lambda");
export const LAMBDA_ZIP = join(PROJECT_ROOT, "dist", "lambda.zip");
/** A tiny package for commands that need some zip but never run the code (destroy, offline tests). */
export const PLACEHOLDER_ZIP = join(INFRA_DIR, "tests", "fixtures", "lambda.zip");
/** Node's code cache (module.enableCompileCache / NODE_COMPILE_CACHE) for the local tooling; git-ignored. */
export const COMPILE_CACHE_DIR = join(PROJECT_ROOT, ".local", "compile-cache");

/**
 * Serves the current code of the Lambda entry without restarts: esbuild bundles our code (packages stay
 * external, so node_modules load once and stay cached), a watcher marks the bundle dirty on every save,
 * and the next request imports the fresh bundle under a new URL. A failed build keeps the last good one.
 */
import { type FSWatcher, watch } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BuildContext, BuildResult, Message } from "esbuild";
import type { LambdaHandler } from "./gateway.ts";

export interface HotHandlerOptions {
  /** The module exporting `handler`. */
  entry: string;
  /** Saves under this folder trigger a rebuild; false serves the first build only. */
  watchDir: string | false;
  /** Bundles go into a fresh folder under this one (it must sit where the entry's packages resolve). */
  outDir: string;
  /** The export to call; "handler" by default. */
  exportName?: string;
  log?: (message: string) => void;
}

export interface HotHandler {
  /** The handler of the newest good build, after any pending rebuild. */
  getHandler(): Promise<LambdaHandler>;
  close(): Promise<void>;
}

export function createHotHandler(options: HotHandlerOptions): HotHandler {
  const log = options.log ?? ((message: string) => console.log(message));
  const exportName = options.exportName ?? "handler";
  const entry = resolve(options.entry);
  let closed = false;
  let context: BuildContext<{ write: false }> | undefined;
  let watcher: FSWatcher | undefined;
  let bundleDir: string | undefined;

  /** Build number of the newest successful build, and the number whose handler is loaded. */
  let builtVersion = 0;
  let builtCode = "";
  let loadedVersion = 0;
  let loaded: LambdaHandler | undefined;
  let loading: Promise<LambdaHandler> | undefined;

  let lastFailure = "";
  let building: Promise<void> | undefined;
  let dirtyAgain = false;

  async function setUp(): Promise<void> {
    const esbuild = await import("esbuild");
    await mkdir(options.outDir, { recursive: true });
    bundleDir = await mkdtemp(join(options.outDir, "handler-"));
    context = await esbuild.context({
      entryPoints: [entry],
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node22",
      sourcemap: "inline",
      write: false,
      outfile: join(bundleDir, "handler.mjs"),
      logLevel: "silent",
    });
  }

  async function buildOnce(): Promise<void> {
    if (!context) await setUp();
    if (closed || !context) return;
    const started = performance.now();
    let result: BuildResult<{ write: false }>;
    try {
      result = await context.rebuild();
    } catch (error) {
      await reportBuildFailure(error);
      return;
    }
    lastFailure = "";
    const code = result.outputFiles[0]?.text ?? "";
    if (code === builtCode) return;
    builtCode = code;
    builtVersion++;
    if (builtVersion > 1) log(`[hot] rebuilt ${entry} in ${Math.round(performance.now() - started)} ms`);
  }

  /** Logs esbuild's own rendering of the errors, once per distinct failure (editors save in bursts). */
  async function reportBuildFailure(error: unknown): Promise<void> {
    const errors = (error as { errors?: Message[] }).errors;
    let text = String(error);
    if (errors && errors.length > 0) {
      const esbuild = await import("esbuild");
      const formatted = await esbuild.formatMessages(errors, { kind: "error", color: process.stdout.isTTY });
      text = formatted.join("\n");
    }
    if (text === lastFailure) return;
    lastFailure = text;
    const serving = builtVersion > 0 ? "still serving the last good build" : "nothing to serve yet";
    log(`[hot] build failed, ${serving}:\n${text}`);
  }

  /** Starts a build, or asks the running one to go again once it ends. */
  function rebuild(): Promise<void> {
    if (building) {
      dirtyAgain = true;
      return building;
    }
    building = (async () => {
      do {
        dirtyAgain = false;
        await buildOnce();
      } while (dirtyAgain && !closed);
    })().finally(() => {
      building = undefined;
    });
    return building;
  }

  async function load(): Promise<LambdaHandler> {
    if (building) await building;
    if (loaded && loadedVersion === builtVersion) return loaded;
    if (builtVersion === 0 || !bundleDir) throw new Error(`no successful build of ${entry} yet`);
    const version = builtVersion;
    const file = join(bundleDir, `handler.v${version}.mjs`);
    await mkdir(bundleDir, { recursive: true }); // in case someone cleaned .local meanwhile
    await writeFile(file, builtCode);
    try {
      const module = (await import(/* @vite-ignore */ `${pathToFileURL(file).href}?v=${version}`)) as Record<
        string,
        unknown
      >;
      const handler = module[exportName];
      if (typeof handler !== "function")
        throw new Error(`${entry} does not export a function "${exportName}"`);
      loaded = handler as LambdaHandler;
      loadedVersion = version;
    } catch (error) {
      if (!loaded) throw error;
      log(`[hot] loading build ${version} failed, still serving the last good one: ${String(error)}`);
      loadedVersion = version;
    } finally {
      await rm(file, { force: true });
    }
    return loaded;
  }

  rebuild().catch((error: unknown) => log(`[hot] ${String(error)}`));
  if (options.watchDir !== false) {
    watcher = watch(options.watchDir, { recursive: true }, () => {
      rebuild().catch((error: unknown) => log(`[hot] ${String(error)}`));
    });
  }

  return {
    getHandler() {
      if (!loading) {
        loading = load().finally(() => {
          loading = undefined;
        });
      }
      return loading;
    },
    async close() {
      closed = true;
      watcher?.close();
      await building?.catch(() => {});
      await context?.dispose();
      if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    },
  };
}

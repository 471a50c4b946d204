/**
 * Node's code cache (module.enableCompileCache) for the local tooling, in .local/compile-cache: later starts
 * skip most of the compiling of node_modules and of our own modules.
 *
 * Node never evicts an entry, and every local endpoint start adds one (~0.2 MB) for its handler bundle, which
 * is imported from a fresh path each time (hot-handler.ts): one machine's test and benchmark runs had left
 * 222 MB. So, at most once a day, a start adds the cache up and clears it when it holds more than
 * COMPILE_CACHE_MAX_BYTES; the starts after that build it again. Adding it up on every start would cost each
 * start a few ms to tens of ms.
 */
import { type Dirent, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { join } from "node:path";
import { COMPILE_CACHE_DIR } from "../scripts/project-paths.ts";

export const COMPILE_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const SIZE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** A file in the cache folder whose modification time is the last size check. Node ignores it. */
export const SIZE_CHECK_MARKER = "size-checked";

/** Caches every module this process compiles from here on. */
export function useCompileCache(): void {
  limitCacheSize(COMPILE_CACHE_DIR, COMPILE_CACHE_MAX_BYTES);
  enableCompileCache(COMPILE_CACHE_DIR);
}

/**
 * Removes everything in dir when its files add up to more than maxBytes. Skipped ("recent") while the last
 * check is younger than SIZE_CHECK_INTERVAL_MS.
 */
export function limitCacheSize(
  dir: string,
  maxBytes: number,
  now = Date.now(),
): "recent" | "kept" | "cleared" {
  const marker = join(dir, SIZE_CHECK_MARKER);
  const lastCheck = statSync(marker, { throwIfNoEntry: false })?.mtimeMs;
  if (lastCheck !== undefined && now - lastCheck < SIZE_CHECK_INTERVAL_MS) return "recent";
  const cleared = filesSize(dir) > maxBytes;
  if (cleared) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, "");
  return cleared ? "cleared" : "kept";
}

function filesSize(dir: string): number {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  let total = 0;
  for (const entry of entries) {
    // An entry another process removed meanwhile counts for nothing.
    if (entry.isFile())
      total += statSync(join(entry.parentPath, entry.name), { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

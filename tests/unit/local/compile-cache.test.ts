import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { limitCacheSize, SIZE_CHECK_INTERVAL_MS, SIZE_CHECK_MARKER } from "../../../local/compile-cache.ts";

const KIB = 1024;

describe("the compile cache's size limit", () => {
  let root: string;
  let cache: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "compile-cache-test-"));
    cache = join(root, "compile-cache");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Entries laid out as Node does: <cache>/<version>/<module hash>. */
  function writeEntries(count: number, bytes: number, version = "v22-x64-abc-0") {
    mkdirSync(join(cache, version), { recursive: true });
    for (let index = 0; index < count; index++) {
      writeFileSync(join(cache, version, `entry${index}`), Buffer.alloc(bytes));
    }
  }

  it("clears a cache whose files, in every Node version's folder, add up to more than the limit", () => {
    writeEntries(3, 40 * KIB, "v22-a");
    writeEntries(3, 40 * KIB, "v20-b");

    expect(limitCacheSize(cache, 200 * KIB)).toBe("cleared");
    expect(readdirSync(cache)).toEqual([SIZE_CHECK_MARKER]);
  });

  it("keeps a cache within the limit", () => {
    writeEntries(4, 40 * KIB);

    expect(limitCacheSize(cache, 200 * KIB)).toBe("kept");
    expect(readdirSync(join(cache, "v22-x64-abc-0"))).toHaveLength(4);
  });

  it("starts a missing cache folder", () => {
    expect(limitCacheSize(cache, 200 * KIB)).toBe("kept");
    expect(existsSync(join(cache, SIZE_CHECK_MARKER))).toBe(true);
  });

  it("does not add the cache up again within a day of the last check, then does", () => {
    writeEntries(1, 10 * KIB);
    const now = Date.now();
    expect(limitCacheSize(cache, 200 * KIB, now)).toBe("kept");
    writeEntries(10, 40 * KIB);

    expect(limitCacheSize(cache, 200 * KIB, now + SIZE_CHECK_INTERVAL_MS - 60_000)).toBe("recent");
    expect(readdirSync(join(cache, "v22-x64-abc-0"))).toHaveLength(10);

    const dayAgo = new Date(now - SIZE_CHECK_INTERVAL_MS - 60_000);
    utimesSync(join(cache, SIZE_CHECK_MARKER), dayAgo, dayAgo);
    expect(limitCacheSize(cache, 200 * KIB, now)).toBe("cleared");
    expect(readdirSync(cache)).toEqual([SIZE_CHECK_MARKER]);
  });
});

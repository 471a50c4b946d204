import { describe, expect, it } from "vitest";
import { createProgress } from "../../../scripts/progress.ts";

describe("createProgress", () => {
  it("numbers the steps and says how long each took and how long it has been in all", async () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = createProgress(
      2,
      (line) => lines.push(line),
      () => clock,
    );

    await progress.step("Build", async () => {
      clock += 1_500;
    });
    await progress.step("Apply", async () => {
      clock += 40_000;
    });

    expect(lines).toEqual([
      "\n==> [1/2] Build",
      "    done in 1.5 s (1.5 s so far)",
      "\n==> [2/2] Apply",
      "    done in 40.0 s (41.5 s so far)",
    ]);
    expect(progress.elapsed()).toBe("41.5 s");
  });

  it("returns what the step returns and lets its failure through", async () => {
    const progress = createProgress(2, () => {});

    await expect(progress.step("ok", async () => 42)).resolves.toBe(42);
    await expect(progress.step("fails", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});

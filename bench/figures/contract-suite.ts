import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { endpointEnv } from "../support/endpoint-env.ts";
import type { Figure, FigureRow } from "../support/figure.ts";
import { spawnNode } from "../support/processes.ts";
import { summarize } from "../support/stats.ts";

/**
 * Wall time of the contract suite as `npm run test:contract` runs it: scripts/test-contract.ts, which starts the
 * local endpoint's process and vitest (run --project contract) side by side, from spawning the script to its
 * exit, without npm's own start-up (the script is run with the same Node directly).
 * A run whose suite fails still counts its time, and is noted under the table (the goal then fails).
 */
export const contractSuiteFigure: Figure = {
  name: "contract",
  description: "contract test suite wall time",
  async measure({ root, smoke, log }) {
    const runs = smoke ? 1 : 5;
    const samples: number[] = [];
    const notes: string[] = [];
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      const vitest = spawnNode([join(root, "scripts/test-contract.ts")], {
        cwd: root,
        env: endpointEnv({ CI: "1" }),
      });
      const code = await new Promise<number | null>((resolve) => vitest.child.once("close", resolve));
      const elapsed = performance.now() - started;
      samples.push(elapsed);
      log(
        `  contract run ${run}/${runs}: ${elapsed.toFixed(0)} ms${code === 0 ? "" : `, suite FAILED (${code})`}`,
      );
      if (code !== 0) {
        const summary = stripVTControlCharacters(vitest.output())
          .split("\n")
          .filter((line) => /FAIL|Tests\s+\d/.test(line))
          .map((line) => line.trim())
          .join("; ");
        notes.push(`run ${run}: the suite failed (exit ${code}): ${summary}`);
      }
    }
    const row: FigureRow = {
      figure: "contract",
      label: "contract test suite, wall time",
      unit: "ms",
      ours: summarize(samples),
      goal: { kind: "at-most", value: 3000, text: "<= 3000 ms" },
      ...(notes.length > 0 ? { notes } : {}),
    };
    return [row];
  },
};

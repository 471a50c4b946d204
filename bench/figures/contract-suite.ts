import { join } from "node:path";
import { endpointEnv } from "../support/endpoint-env.ts";
import type { Figure, FigureRow } from "../support/figure.ts";
import { runNode } from "../support/processes.ts";
import { summarize } from "../support/stats.ts";

/**
 * Wall time of the contract suite, as `npm run test:contract` runs it (vitest run --project contract),
 * from spawning vitest to its exit, minus npm's own start-up (the script is run with the same Node directly).
 */
export const contractSuiteFigure: Figure = {
  name: "contract",
  description: "contract test suite wall time",
  async measure({ root, smoke, log }) {
    const runs = smoke ? 1 : 3;
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await runNode([join(root, "node_modules/vitest/vitest.mjs"), "run", "--project", "contract"], {
        cwd: root,
        env: endpointEnv({ CI: "1" }),
      });
      const elapsed = performance.now() - started;
      log(`  contract run ${run + 1}/${runs}: ${elapsed.toFixed(0)} ms`);
      samples.push(elapsed);
    }
    const row: FigureRow = {
      figure: "contract",
      label: "contract test suite, wall time",
      unit: "ms",
      ours: summarize(samples),
      goal: { kind: "at-most", value: 3000, text: "<= 3000 ms" },
    };
    return [row];
  },
};

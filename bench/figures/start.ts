import { join } from "node:path";
import { endpointEnv } from "../support/endpoint-env.ts";
import type { Figure, FigureRow } from "../support/figure.ts";
import { pollUntil } from "../support/http.ts";
import { freePort, spawnNode } from "../support/processes.ts";
import { summarize } from "../support/stats.ts";
import { withTempDir } from "../support/temp-dir.ts";

/** `npm start` spawned -> first 200 from GET /notes, each run with a fresh data folder. */
export const startFigure: Figure = {
  name: "start",
  description: "npm start spawned -> first 200 from GET /notes",
  async measure({ root, smoke, log }) {
    const runs = smoke ? 1 : 5;
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      const elapsed = await withTempDir("start", async (dataDir) => {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}/notes`;
        const started = performance.now();
        const endpoint = spawnNode([join(root, "local/start.ts")], {
          cwd: root,
          env: endpointEnv({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir }),
        });
        try {
          const answered = await pollUntil(url, (response) => response.status === 200, {
            intervalMs: 2,
            timeoutMs: 30_000,
          }).catch((error: unknown) => {
            throw new Error(`${(error as Error).message}\n--- endpoint output ---\n${endpoint.output()}`);
          });
          return answered - started;
        } finally {
          await endpoint.stop();
        }
      });
      log(`  start run ${run + 1}/${runs}: ${elapsed.toFixed(0)} ms`);
      samples.push(elapsed);
    }
    const row: FigureRow = {
      figure: "start",
      label: "npm start -> first 200 GET /notes",
      unit: "ms",
      ours: summarize(samples),
      goal: { kind: "at-most", value: 1500, text: "<= 1500 ms" },
    };
    return [row];
  },
};

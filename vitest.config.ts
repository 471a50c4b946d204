import { defineConfig } from "vitest/config";

// unit: in-process, no servers but an in-memory emulator. local: the laptop tooling itself (local endpoint,
// gateway mapping, hot reload, restarts), which spawns processes. contract: the API's wire contract over HTTP,
// against the local endpoint or any deployed stack (API_URL).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "local",
          include: ["tests/local/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "contract",
          include: ["tests/contract/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/contract/global-setup.ts"],
          // The rows only talk HTTP to one endpoint and scope their assertions to notes they made, so they run
          // side by side: one worker with up to five tests at a time (maxConcurrency) keeps the endpoint as busy
          // as two workers did, and saves starting the second one (~7% of the suite's CPU; issue 4, the suite
          // in <= 3 s). No module state to isolate. Its own group, so its worker count cannot clash with the
          // other projects' in one `vitest run`.
          isolate: false,
          pool: "threads",
          maxWorkers: 1,
          sequence: { groupOrder: 1, concurrent: true },
          testTimeout: 15_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});

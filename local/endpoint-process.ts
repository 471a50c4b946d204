/**
 * The local endpoint in a process of its own, for the contract tests and the benchmark: a free port on
 * 127.0.0.1, no hot reload, the embedded store in memory, or the DynamoDB the environment names
 * (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL) in a fresh table of its own (`notes-<random hex>`).
 * Run as a script (`node local/endpoint-process.ts [entry.ts]`) it prints `LOCAL_ENDPOINT <url>` once it
 * listens and the table is ready; everything else it prints is the function's own output. It stops on SIGTERM
 * or SIGINT, and when its standard input, if a pipe, closes (its parent is gone).
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fstatSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";

const READY_PREFIX = "LOCAL_ENDPOINT ";

export interface EndpointProcess {
  /** The endpoint's base URL, once it is ready; rejects if the process ends before. */
  url: Promise<string>;
  child: ChildProcessByStdio<Writable, Readable, null>;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Spawns this file with the current Node. Its output other than the ready line goes to `output`
 * (default: this process's stdout); its stderr is this process's. The function logs at ERROR unless the
 * environment names a LOG_LEVEL: its line per request would drown a test report; its errors still show.
 */
export function spawnEndpointProcess(
  options: { entry?: string; env?: NodeJS.ProcessEnv; output?: (line: string) => void } = {},
): EndpointProcess {
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = options.env ?? process.env;
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), ...(options.entry ? [options.entry] : [])],
    {
      env: { ...env, LOG_LEVEL: env.LOG_LEVEL || "ERROR" },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = new Promise<string>((resolve, reject) => {
    let ready = false;
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (!ready && line.startsWith(READY_PREFIX)) {
        ready = true;
        resolve(line.slice(READY_PREFIX.length));
      } else {
        output(line);
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (!ready)
        reject(new Error(`the local endpoint exited before it was ready (${signal ?? `exit ${code}`})`));
    });
  });
  url.catch(() => {});
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

if (import.meta.main) {
  // Imported here, so that importing spawnEndpointProcess costs nothing.
  const { useCompileCache } = await import("./compile-cache.ts");
  useCompileCache();
  const { externalDynamoDbEndpoint, startLocalEndpoint } = await import("./start.ts");
  const [entry] = process.argv.slice(2);
  const external = externalDynamoDbEndpoint();
  const endpoint = await startLocalEndpoint({
    port: 0,
    host: "127.0.0.1",
    watch: false,
    ...(entry ? { entry } : {}),
    ...(external
      ? { dynamoDbEndpoint: external, tableName: `notes-${randomBytes(4).toString("hex")}` }
      : { dataDir: null }),
    log: (message) => console.error(message),
  }).catch((error: unknown) => {
    console.error(`local endpoint: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  console.log(`${READY_PREFIX}${endpoint.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    endpoint.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // A parent that spawned this with a pipe on stdin closes it by exiting; a closed or /dev/null stdin means nothing.
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on("end", stop);
    process.stdin.resume();
  }
}

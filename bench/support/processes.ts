import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  /** Everything the child wrote so far (stdout and stderr), for error messages. */
  output: () => string;
  /** Resolves with the first stdout line that starts with `prefix` (without the prefix). */
  lineStartingWith: (prefix: string, timeoutMs?: number) => Promise<string>;
  /** Stops the child (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop: () => Promise<void>;
}

/** Starts `node <args>` with this process's Node (Node 22 when run through npm). */
export function spawnNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Spawned {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdoutBuffer = "";
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  const lines: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output += text;
    stdoutBuffer += text;
    let newline = stdoutBuffer.indexOf("\n");
    while (newline !== -1) {
      const line = stdoutBuffer.slice(0, newline);
      stdoutBuffer = stdoutBuffer.slice(newline + 1);
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (line.startsWith(waiter.prefix)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line.slice(waiter.prefix.length));
        }
      }
      newline = stdoutBuffer.indexOf("\n");
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  return {
    child,
    output: () => output,
    lineStartingWith(prefix, timeoutMs = 30_000) {
      const seen = lines.find((line) => line.startsWith(prefix));
      if (seen !== undefined) return Promise.resolve(seen.slice(prefix.length));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${prefix}" line within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const onExit = () =>
          reject(new Error(`child exited (${child.exitCode}) before printing "${prefix}":\n${output}`));
        child.once("exit", onExit);
        waiters.push({
          prefix,
          resolve: (line) => {
            clearTimeout(timer);
            child.off("exit", onExit);
            resolve(line);
          },
        });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}

/** Runs `node <args>` to completion; rejects if it exits non-zero. Returns its output. */
export async function runNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const spawned = spawnNode(args, options);
  // "close" (not "exit"): fires once the child's output streams are drained too.
  const code = await new Promise<number | null>((resolve) =>
    spawned.child.once("close", (exitCode) => resolve(exitCode)),
  );
  if (code !== 0) throw new Error(`node ${args.join(" ")} exited with ${code}:\n${spawned.output()}`);
  return spawned.output();
}

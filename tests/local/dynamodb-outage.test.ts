/**
 * An external DynamoDB (dynalite in a process of its own, on a LevelDB folder) that dies and comes back under
 * the local endpoint: while it is down every route answers exactly 500 {"error":"internal error"} (the
 * contract's "anything unexpected"; the function, not the gateway, answers it) within seconds and the endpoint
 * keeps serving; once it is back on the same port and folder, every note written before is there and writes
 * work again. Bounded waits throughout.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEndpoint, startLocalEndpoint } from "../../local/start.ts";

const againstDeployedStack = Boolean(process.env.API_URL);
const DYNALITE_CLI = join(createRequire(import.meta.url).resolve("dynalite"), "..", "cli.js");
/** Generous upper bound for one answer while the store is down (the SDK gives up after ~1 s here). */
const OUTAGE_ANSWER_MS = 4_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** dynalite as its own process, on 127.0.0.1:port over a LevelDB folder; resolves once it listens. */
async function startDynalite(port: number, path: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [DYNALITE_CLI, "--host", "127.0.0.1", "--port", String(port), "--path", path, "--createTableMs", "0"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`dynalite did not listen within 10 s:\n${output}`)),
      10_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited with ${code}:\n${output}`));
    });
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
  ms: number;
}

describe.skipIf(againstDeployedStack)("the local endpoint over an external DynamoDB that goes down", () => {
  let workDir: string;
  let dynalite: ChildProcess | undefined;
  let endpoint: LocalEndpoint | undefined;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "notes-outage-"));
    // The function logs each fault it meets; here they are the point, not news.
    process.env.LOG_LEVEL = "SILENT";
  });

  afterAll(async () => {
    await endpoint?.close();
    if (dynalite) await kill(dynalite);
    process.env = savedEnv;
    await rm(workDir, { recursive: true, force: true });
  });

  async function send(method: string, path: string, json?: unknown, headers: Record<string, string> = {}) {
    const started = performance.now();
    const response = await fetch(`${endpoint?.url}${path}`, {
      method,
      headers: json === undefined ? headers : { "content-type": "application/json", ...headers },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return {
      status: response.status,
      headers: response.headers,
      body,
      text,
      ms: performance.now() - started,
    };
  }

  it("answers 500 'internal error' on every route while it is down, and finds everything again once it is back", async () => {
    const port = await freePort();
    const dataDir = join(workDir, "dynalite");
    dynalite = await startDynalite(port, dataDir);
    endpoint = await startLocalEndpoint({
      port: 0,
      dynamoDbEndpoint: `http://127.0.0.1:${port}`,
      tableName: "notes-outage",
      watch: false,
      log: () => {},
    });
    const before: Answer[] = [];
    for (const title of ["first", "second", "third"]) before.push(await send("POST", "/notes", { title }));
    for (const answer of before) expect(answer.status, answer.text).toBe(201);
    const [first, second, third] = before.map(
      (answer) => answer.body as { note_id: string; version: number },
    );
    expect((await send("PATCH", `/notes/${first?.note_id}`, { content: "patched before" })).status).toBe(200);
    expect((await send("DELETE", `/notes/${third?.note_id}`)).status).toBe(204);

    await kill(dynalite);
    const down = await Promise.all([
      send("POST", "/notes", { title: "during the outage" }),
      send("POST", "/notes", { title: "keyed during the outage" }, { "idempotency-key": "outage-key" }),
      send("GET", "/notes"),
      send("GET", `/notes/${first?.note_id}`),
      send("PATCH", `/notes/${second?.note_id}`, { content: "lost?" }),
      send("PATCH", `/notes/${second?.note_id}`, { content: "lost?" }, { "if-match": '"1"' }),
      send("DELETE", `/notes/${second?.note_id}`),
    ]);

    for (const answer of down) {
      expect(answer.status, answer.text).toBe(500);
      expect(answer.text).toBe('{"error":"internal error"}');
      expect(answer.headers.get("retry-after")).toBeNull();
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
      expect(answer.ms).toBeLessThan(OUTAGE_ANSWER_MS);
    }
    // The endpoint itself stays up: routes that need no store still answer, and it answers again at once.
    expect((await send("GET", "/nowhere")).status).toBe(404);
    const again = await send("GET", "/notes");
    expect(again.status).toBe(500);
    expect(again.text).toBe('{"error":"internal error"}');

    dynalite = await startDynalite(port, dataDir);
    const listed = await send("GET", "/notes");
    expect(listed.status, listed.text).toBe(200);
    const items = (listed.body as { items: { note_id: string; title: string; content: string }[] }).items;
    expect(items.map((note) => note.title)).toEqual(["second", "first"]);
    expect(items.find((note) => note.title === "first")?.content).toBe("patched before");
    expect((await send("GET", `/notes/${third?.note_id}`)).status).toBe(404);
    const patched = await send(
      "PATCH",
      `/notes/${second?.note_id}`,
      { content: "after" },
      { "if-match": '"1"' },
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, content: "after" });
    const keyed = await send(
      "POST",
      "/notes",
      { title: "keyed during the outage" },
      { "idempotency-key": "outage-key" },
    );
    expect(keyed.status, keyed.text).toBe(201);
    const after = await send("GET", "/notes");
    expect((after.body as { items: { title: string }[] }).items.map((note) => note.title)).toEqual([
      "keyed during the outage",
      "second",
      "first",
    ]);
  });
});

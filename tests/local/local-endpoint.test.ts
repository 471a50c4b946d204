/**
 * The local endpoint itself (skipped against a deployed stack): data that survives a restart, hot reload,
 * the payload 2.0 event it builds, faults of the store as a client sees them, and a clean Ctrl-C.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_NOTES, seed } from "../../local/seed.ts";
import { type LocalEndpoint, startLocalEndpoint } from "../../local/start.ts";
import { PROJECT_ROOT } from "../../scripts/project-paths.ts";

const againstDeployedStack = Boolean(process.env.API_URL);

/** The local endpoint under test always uses its own store, whatever the environment names. */
function withoutExternalStore(): () => void {
  const saved = { ...process.env };
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.AWS_ENDPOINT_URL;
  process.env.LOG_LEVEL ||= "ERROR";
  return () => {
    process.env = saved;
  };
}

async function json(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}

describe.skipIf(againstDeployedStack)("local endpoint", () => {
  let workDir: string;
  let endpoint: LocalEndpoint | undefined;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = withoutExternalStore();
    workDir = await mkdtemp(join(tmpdir(), "notes-local-endpoint-"));
  });

  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
  });

  afterAll(async () => {
    restoreEnv();
    await rm(workDir, { recursive: true, force: true });
  });

  it("keeps a note created before a restart on the same data folder", async () => {
    const dataDir = join(workDir, "restart-data");
    endpoint = await startLocalEndpoint({ port: 0, dataDir, watch: false, log: () => {} });
    const created = await json(`${endpoint.url}/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "survives a restart" }),
    });
    expect(created.status).toBe(201);
    await endpoint.close();

    endpoint = await startLocalEndpoint({ port: 0, dataDir, watch: false, log: () => {} });
    const read = await json(`${endpoint.url}/notes/${(created.body as { note_id: string }).note_id}`);

    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it("starts every in-memory store empty", async () => {
    endpoint = await startLocalEndpoint({ port: 0, dataDir: null, watch: false, log: () => {} });
    await json(`${endpoint.url}/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "forgotten" }),
    });
    await endpoint.close();

    endpoint = await startLocalEndpoint({ port: 0, dataDir: null, watch: false, log: () => {} });
    const list = await json(`${endpoint.url}/notes`);

    expect(list.body).toEqual({ items: [], next_cursor: null });
  });

  it("seeds the sample notes once, however often seeding runs", async () => {
    endpoint = await startLocalEndpoint({ port: 0, dataDir: null, watch: false, log: () => {} });

    expect(await seed(endpoint.url, () => {})).toBe(0);
    expect(await seed(endpoint.url, () => {})).toBe(0);

    const list = await json(`${endpoint.url}/notes?limit=100`);
    const titles = (list.body as { items: { title: string }[] }).items.map((note) => note.title);
    expect(titles.sort()).toEqual(SAMPLE_NOTES.map((sample) => sample.title).sort());
  });

  describe("hot reload", () => {
    const fixture = (version: string) => `
      import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
      const client = new DynamoDBClient({});
      const Key = { pk: { S: "fixture" }, sk: { S: "kept" } };
      export const handler = async (event) => {
        const TableName = process.env.TABLE_NAME;
        if (event.requestContext.http.method === "POST") {
          await client.send(new PutItemCommand({ TableName, Item: { ...Key, value: { S: event.body } } }));
          return { statusCode: 204 };
        }
        const { Item } = await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
        return { code: "${version}", value: Item?.value?.S ?? null };
      };
    `;

    async function served(url: string, code: string, withinMs: number): Promise<unknown> {
      const deadline = Date.now() + withinMs;
      for (;;) {
        const response = await json(`${url}/notes`);
        if ((response.body as { code?: string }).code === code || Date.now() > deadline) return response.body;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }

    it("serves a saved change on the next requests, without a restart and with the data kept", async () => {
      const dir = await mkdtemp(join(workDir, "hot-"));
      const entry = join(dir, "handler.js");
      await writeFile(entry, fixture("v1"));
      endpoint = await startLocalEndpoint({ port: 0, dataDir: null, entry, watch: dir, log: () => {} });
      await fetch(`${endpoint.url}/notes`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "data",
      });
      expect((await json(`${endpoint.url}/notes`)).body).toEqual({ code: "v1", value: "data" });

      await writeFile(entry, fixture("v2"));

      expect(await served(endpoint.url, "v2", 5_000)).toEqual({ code: "v2", value: "data" });
    });

    it("keeps serving the last good code while the saved file does not build", async () => {
      const dir = await mkdtemp(join(workDir, "hot-"));
      const entry = join(dir, "handler.js");
      await writeFile(entry, fixture("good"));
      const logged: string[] = [];
      endpoint = await startLocalEndpoint({
        port: 0,
        dataDir: null,
        entry,
        watch: dir,
        log: (line) => logged.push(line),
      });
      expect((await json(`${endpoint.url}/notes`)).body).toMatchObject({ code: "good" });

      await writeFile(entry, "export const handler = async () => { this is not javascript");
      await expect.poll(() => logged.join("\n"), { timeout: 5_000 }).toMatch(/build failed/);
      const during = await json(`${endpoint.url}/notes`);
      await writeFile(entry, fixture("fixed"));

      expect(during.body).toMatchObject({ code: "good" });
      expect(await served(endpoint.url, "fixed", 5_000)).toMatchObject({ code: "fixed" });
    });
  });

  describe("the payload 2.0 event", () => {
    let echoEndpoint: LocalEndpoint;
    let url: string;

    beforeAll(async () => {
      const dir = await mkdtemp(join(workDir, "echo-"));
      const entry = join(dir, "echo.js");
      await writeFile(
        entry,
        "export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });",
      );
      echoEndpoint = await startLocalEndpoint({ port: 0, dataDir: null, entry, watch: false, log: () => {} });
      url = echoEndpoint.url;
    });

    afterAll(() => echoEndpoint.close());

    function echo(
      path: string,
      method = "GET",
      headers: Record<string, string | string[]> = {},
      body?: Buffer,
    ) {
      return new Promise<{ event: APIGatewayProxyEventV2; headers: Record<string, unknown> }>(
        (resolve, reject) => {
          const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () =>
              resolve({ event: JSON.parse(Buffer.concat(chunks).toString()), headers: res.headers }),
            );
          });
          req.on("error", reject);
          req.end(body);
        },
      );
    }

    it("names the route, raw path and raw query, and comma-joins repeated query parameters", async () => {
      const { event } = await echo("/notes/a%20b?limit=1&tag=x&tag=y");

      expect(event).toMatchObject({
        version: "2.0",
        routeKey: "GET /notes/{id}",
        rawPath: "/notes/a%20b",
        rawQueryString: "limit=1&tag=x&tag=y",
        queryStringParameters: { limit: "1", tag: "x,y" },
        pathParameters: { id: "a b" },
        isBase64Encoded: false,
      });
      expect(event.body).toBeUndefined();
    });

    it("passes a query parameter or header named __proto__ on like any other name", async () => {
      const { event } = await echo("/notes?__proto__=x", "GET", Object.fromEntries([["__proto__", "y"]]));

      expect(JSON.stringify(event.queryStringParameters)).toBe('{"__proto__":"x"}');
      expect(Object.hasOwn(event.headers, "__proto__")).toBe(true);
      expect(event.headers.__proto__).toBe("y");
    });

    it("lower-cases headers, comma-joins duplicates and moves cookies out of the headers", async () => {
      const { event } = await echo("/notes", "GET", {
        "X-Trace-Tag": ["one", "two"],
        "User-Agent": "contract-test",
        Cookie: "session=abc; theme=dark",
      });

      expect(event.headers["x-trace-tag"]).toBe("one,two");
      expect(event.headers["user-agent"]).toBe("contract-test");
      expect(event.headers.cookie).toBeUndefined();
      expect(event.cookies).toEqual(["session=abc", "theme=dark"]);
      expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
      expect(event.queryStringParameters).toBeUndefined();
      expect(event.pathParameters).toBeUndefined();
    });

    it("gives every request a fresh requestId, echoed as apigw-requestid, and timeEpoch in milliseconds", async () => {
      const before = Date.now();
      const first = await echo("/notes");
      const second = await echo("/notes");
      const after = Date.now();

      const context = first.event.requestContext;
      expect(context.requestId).toBeTypeOf("string");
      expect(context.requestId).not.toBe(second.event.requestContext.requestId);
      expect(first.headers["apigw-requestid"]).toBe(context.requestId);
      expect(context.timeEpoch).toBeGreaterThanOrEqual(before);
      expect(context.timeEpoch).toBeLessThanOrEqual(after);
      expect(context).toMatchObject({
        routeKey: "GET /notes",
        stage: "$default",
        http: { method: "GET", path: "/notes", protocol: "HTTP/1.1", sourceIp: "127.0.0.1" },
      });
      expect(context.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    });

    it("passes JSON bodies as text and binary bodies base64-encoded", async () => {
      const text = await echo(
        "/notes",
        "POST",
        { "content-type": "application/json" },
        Buffer.from('{"a":"ü"}'),
      );
      const binary = await echo("/notes", "POST", { "content-type": "image/png" }, Buffer.from([0, 1, 255]));

      expect(text.event).toMatchObject({ body: '{"a":"ü"}', isBase64Encoded: false });
      expect(binary.event).toMatchObject({ body: "AAH/", isBase64Encoded: true });
    });
  });

  describe("faults of the store", () => {
    let fakeDynamoDb: Server;
    let answer: { status: number; type: string };

    beforeAll(async () => {
      // The function logs the faults it meets; here they are the point, not news.
      process.env.LOG_LEVEL = "SILENT";
      fakeDynamoDb = createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          const target = String(req.headers["x-amz-target"] ?? "");
          const [status, body] = target.endsWith(".DescribeTable")
            ? [200, { Table: { TableName: "secret-table-name", TableStatus: "ACTIVE" } }]
            : [
                answer.status,
                { __type: `com.amazonaws.dynamodb.v20120810#${answer.type}`, message: "secret-table-name" },
              ];
          res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
          res.end(JSON.stringify(body));
        });
      });
      fakeDynamoDb.listen(0, "127.0.0.1");
      await once(fakeDynamoDb, "listening");
    });

    afterAll(() => {
      fakeDynamoDb.close();
    });

    async function endpointOverFakeStore(): Promise<string> {
      const { port } = fakeDynamoDb.address() as AddressInfo;
      endpoint = await startLocalEndpoint({
        port: 0,
        dynamoDbEndpoint: `http://127.0.0.1:${port}`,
        tableName: "secret-table-name",
        watch: false,
        log: () => {},
      });
      return endpoint.url;
    }

    it("answers 503 with Retry-After and a plain error when DynamoDB throttles", async () => {
      answer = { status: 400, type: "ProvisionedThroughputExceededException" };
      const url = await endpointOverFakeStore();

      const response = await fetch(`${url}/notes`);
      const text = await response.text();

      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
      expect(text).not.toMatch(/secret-table-name|Exception/);
    });

    it("answers 500 with exactly 'internal error' and no Retry-After when DynamoDB fails on its side", async () => {
      answer = { status: 500, type: "InternalServerError" };
      const url = await endpointOverFakeStore();

      const response = await fetch(`${url}/notes`);

      expect(response.status).toBe(500);
      expect(response.headers.get("retry-after")).toBeNull();
      expect(await response.text()).toBe('{"error":"internal error"}');
    });

    it("answers 500 with exactly 'internal error' when DynamoDB fails unexpectedly", async () => {
      answer = { status: 400, type: "ValidationException" };
      const url = await endpointOverFakeStore();

      const response = await fetch(`${url}/notes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "doomed" }),
      });

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "internal error" });
    });
  });

  describe("npm start", () => {
    const children: ChildProcess[] = [];

    afterAll(() => {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    });

    async function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", DATA_DIR: dataDir };
      delete env.AWS_ENDPOINT_URL_DYNAMODB;
      delete env.AWS_ENDPOINT_URL;
      const child = spawn(process.execPath, [join(PROJECT_ROOT, "local", "start.ts")], {
        cwd: PROJECT_ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed within 10 s:\n${output}`)), 10_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.once("exit", (code) =>
          reject(new Error(`exited with ${code} before printing a URL:\n${output}`)),
        );
      });
      return { child, url };
    }

    async function interrupt(child: ChildProcess): Promise<number | null> {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("still running 5 s after SIGINT")), 5_000),
      );
      const [code] = (await Promise.race([exited, timeout])) as [number | null];
      return code;
    }

    it("stops with exit code 0 on Ctrl-C, and the next start finds the data of the previous one", async () => {
      const dataDir = join(workDir, "npm-start-data");
      const first = await start(dataDir);
      const created = await json(`${first.url}/notes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "kept across npm start" }),
      });
      expect(created.status).toBe(201);

      expect(await interrupt(first.child)).toBe(0);

      const second = await start(dataDir);
      const read = await json(`${second.url}/notes/${(created.body as { note_id: string }).note_id}`);
      expect(read.body).toEqual(created.body);
      expect(await interrupt(second.child)).toBe(0);
    }, 30_000);
  });
});

/**
 * The Lambda bundle as `npm run build` makes it (scripts/lambda-package.ts, with its esbuild plugin that hands
 * ElectroDB the AWS SDK through scripts/shims), imported in a fresh Node process the way the Lambda runtime
 * does, serving every route over a real (embedded) DynamoDB. Unit and contract tests run the sources; only this
 * one proves that what ships works.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDynamoDb, ensureTable, startEmbeddedDynamoDb } from "../../local/embedded-dynamodb.ts";
import { buildLambdaPackage } from "../../scripts/lambda-package.ts";
import { httpApiEvent, lambdaContext, type RequestSpec } from "../support/events.ts";

const TABLE_NAME = "notes-bundle-test";
const DUMMY_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/**
 * Runs in the child: imports the bundle, then answers each line of stdin (`[event, context]` as JSON, the
 * context's one function added back) with one line holding the handler's result. Nothing but the bundle and node:readline is loaded.
 */
const INVOKER = `
import { createInterface } from "node:readline";
const { handler } = await import(process.argv[1]);
for await (const line of createInterface({ input: process.stdin })) {
  const [event, context] = JSON.parse(line);
  context.getRemainingTimeInMillis = () => 30000;
  try {
    process.stdout.write(JSON.stringify({ result: await handler(event, context) }) + "\\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ thrown: String(error && error.stack || error) }) + "\\n");
  }
}`;

interface Answer {
  status: number | undefined;
  headers: Record<string, unknown>;
  body: unknown;
}

describe("the built Lambda bundle", () => {
  let workDir: string;
  let store: EmbeddedDynamoDb;
  let child: ChildProcessWithoutNullStreams;
  let answers: Interface;
  let stderr = "";
  let bundleText: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "notes-bundle-"));
    const [, embedded] = await Promise.all([
      buildLambdaPackage({ bundleDir: join(workDir, "lambda"), zipPath: join(workDir, "lambda.zip") }),
      startEmbeddedDynamoDb(),
    ]);
    store = embedded;
    const admin = new DynamoDBClient({
      endpoint: store.endpoint,
      region: "us-east-1",
      credentials: DUMMY_CREDENTIALS,
    });
    await ensureTable(admin, TABLE_NAME);
    admin.destroy();
    // The entry and its chunks: what the package holds, whether loaded at cold start or on demand.
    const codeFiles = (await readdir(join(workDir, "lambda"), { recursive: true })).filter((name) =>
      name.endsWith(".mjs"),
    );
    bundleText = (
      await Promise.all(codeFiles.map((name) => readFile(join(workDir, "lambda", name), "utf8")))
    ).join("\n");

    // Only what a Lambda environment would set: no inherited endpoint, profile or log settings.
    child = spawn(
      process.execPath,
      ["--input-type=module", "--eval", INVOKER, join(workDir, "lambda/index.mjs")],
      {
        env: {
          PATH: process.env.PATH ?? "",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
          AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
          TABLE_NAME,
          LOG_LEVEL: "ERROR",
        },
      },
    );
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    answers = createInterface({ input: child.stdout });
  });

  afterAll(async () => {
    answers?.close();
    child?.kill();
    await store?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  const lines = () => answers[Symbol.asyncIterator]();
  let reader: AsyncIterator<string> | undefined;

  async function invoke(spec: RequestSpec): Promise<Answer> {
    child.stdin.write(`${JSON.stringify([httpApiEvent(spec), lambdaContext()])}\n`);
    reader ??= lines();
    const next = await reader.next();
    if (next.done) throw new Error(`the bundle's process ended: ${stderr}`);
    const answer = JSON.parse(next.value) as { result?: APIGatewayProxyStructuredResultV2; thrown?: string };
    if (answer.thrown !== undefined) throw new Error(`the handler threw: ${answer.thrown}`);
    const result = answer.result ?? {};
    return {
      status: result.statusCode,
      headers: result.headers ?? {},
      body: result.body ? JSON.parse(result.body) : undefined,
    };
  }

  it("leaves ElectroDB's model check (jsonschema) to the build", () => {
    // jsonschema's format table: a property name, so the minifier keeps it.
    expect(bundleText).not.toContain("FORMAT_REGEXPS");
  });

  it("holds the DynamoDB commands the adapter sends, and not the others", () => {
    // Names the minifier keeps: each DynamoDB command in the bundle carries its name as a string literal.
    const contains = (name: string) => bundleText.includes(`"${name}"`);
    expect(["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query"].filter(contains)).toHaveLength(5);
    expect(
      ["CreateBackup", "DescribeKinesisStreamingDestination", "ExecuteStatement"].filter(contains),
    ).toEqual([]);
  });

  it("creates, reads, lists, updates and deletes a note, and replays an idempotent create", async () => {
    const created = await invoke({
      method: "POST",
      resource: "/notes",
      body: { title: "buy oat milk", content: "2L, organic" },
    });
    expect(created.status).toBe(201);
    const note = created.body as { note_id: string; version: number };
    expect(note).toMatchObject({ title: "buy oat milk", content: "2L, organic", version: 1 });
    const id = { id: note.note_id };

    expect(await invoke({ method: "GET", resource: "/notes/{id}", pathParameters: id })).toMatchObject({
      status: 200,
      body: note,
    });
    expect(await invoke({ method: "GET", resource: "/notes", query: { limit: "5" } })).toMatchObject({
      status: 200,
      body: { items: [note], next_cursor: null },
    });

    const patched = await invoke({
      method: "PATCH",
      resource: "/notes/{id}",
      pathParameters: id,
      headers: { "If-Match": '"1"' },
      body: { title: "buy almond milk" },
    });
    expect(patched).toMatchObject({
      status: 200,
      headers: { etag: '"2"' },
      body: { note_id: note.note_id, title: "buy almond milk", content: "2L, organic", version: 2 },
    });

    expect((await invoke({ method: "DELETE", resource: "/notes/{id}", pathParameters: id })).status).toBe(
      204,
    );
    expect(await invoke({ method: "GET", resource: "/notes/{id}", pathParameters: id })).toMatchObject({
      status: 404,
      body: { error: "not found" },
    });

    const keyed: RequestSpec = {
      method: "POST",
      resource: "/notes",
      headers: { "Idempotency-Key": "bundle-test-key" },
      body: { title: "once" },
    };
    const first = await invoke(keyed);
    const replay = await invoke(keyed);
    expect(first.status).toBe(201);
    expect(replay).toMatchObject({ status: 201, body: first.body });
    const listed = await invoke({ method: "GET", resource: "/notes" });
    expect((listed.body as { items: unknown[] }).items).toEqual([first.body]);
  });
});

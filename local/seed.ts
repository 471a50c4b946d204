/**
 * `npm run seed`: puts a handful of sample notes into the store the local endpoint uses. When the endpoint
 * answers at API_URL (default http://127.0.0.1:$PORT), the notes go through it; otherwise the same store is
 * opened here (embedded at DATA_DIR, or AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL) behind the same
 * gateway and handler, and closed again. Each sample has a fixed Idempotency-Key, so seeding twice within
 * a day adds nothing.
 */
import { resolve } from "node:path";
import { useCompileCache } from "./compile-cache.ts";
import {
  DEFAULT_DATA_DIR,
  externalDynamoDbEndpoint,
  type LocalEndpoint,
  startLocalEndpoint,
} from "./start.ts";

export const SAMPLE_NOTES: readonly { key: string; title: string; content: string }[] = [
  { key: "seed-groceries", title: "buy oat milk", content: "2L, organic" },
  { key: "seed-dentist", title: "call the dentist", content: "ask for a Tuesday morning slot" },
  {
    key: "seed-book",
    title: "books to read",
    content: "The Pragmatic Programmer\nDesigning Data-Intensive Applications",
  },
  { key: "seed-trip", title: "pack for the weekend", content: "charger, rain jacket, walking shoes" },
  {
    key: "seed-idea",
    title: "idea: a notes API",
    content: "one Lambda, DynamoDB, a contract everyone can test",
  },
  { key: "seed-unicode", title: "ünïcödé and emoji 📝", content: "titles count characters, not bytes" },
];

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/notes?limit=1`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

export async function seed(apiUrl: string, log: (line: string) => void = console.log): Promise<number> {
  let failures = 0;
  for (const sample of SAMPLE_NOTES) {
    const response = await fetch(`${apiUrl}/notes`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": sample.key },
      body: JSON.stringify({ title: sample.title, content: sample.content }),
    });
    const body = await response.text();
    if (response.status === 201) {
      const note = JSON.parse(body) as { note_id: string; title: string };
      log(`  ${note.note_id}  ${note.title}`);
    } else {
      failures++;
      log(`  FAILED ${response.status} ${sample.title}: ${body}`);
    }
  }
  return failures;
}

async function main(): Promise<void> {
  useCompileCache();
  const apiUrl = (process.env.API_URL || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  let endpoint: LocalEndpoint | undefined;
  let target = apiUrl;
  if (await answers(apiUrl)) {
    console.log(`seeding through the running endpoint at ${apiUrl}`);
  } else {
    const external = externalDynamoDbEndpoint();
    process.env.LOG_LEVEL ||= "WARN";
    endpoint = await startLocalEndpoint({
      port: 0,
      watch: false,
      ...(external
        ? { dynamoDbEndpoint: external }
        : { dataDir: process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : DEFAULT_DATA_DIR }),
      log: () => {},
    });
    target = endpoint.url;
    console.log(`no endpoint answers at ${apiUrl}; seeding ${endpoint.store} directly`);
  }
  try {
    const failures = await seed(target);
    console.log(
      `${SAMPLE_NOTES.length - failures} sample notes in place (fixed Idempotency-Keys: seeding again within 24 h adds nothing)`,
    );
    if (failures > 0) process.exitCode = 1;
  } finally {
    await endpoint?.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`seeding failed: ${message}`);
    if (message.includes("in use"))
      console.error("set API_URL (or PORT) to the running endpoint to seed through it");
    process.exit(1);
  });
}

import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable, startEmbeddedDynamoDb } from "../../local/embedded-dynamodb.ts";
import { createDynamoDbStores } from "../../src/adapters/dynamodb-stores.ts";
import { createUlidIdGenerator } from "../../src/adapters/ulid-id-generator.ts";
import { type Bundles, buildBundles } from "../support/bundles.ts";
import type { BenchContext, Figure, FigureRow } from "../support/figure.ts";
import { runNode } from "../support/processes.ts";
import { summarize } from "../support/stats.ts";

const TABLE_NAME = "notes";
const OWNER = "default";
const SEEDED_NOTES = 25;

interface ChildResult {
  importMs: number;
  firstInvocationMs?: number;
  /** How many notes the GET /notes answer held. */
  listed?: number;
}

/** The Lambda's environment, pointed at no real AWS: dummy credentials, a region, our table. */
function lambdaEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    TABLE_NAME,
    LOG_LEVEL: "ERROR",
    ...extra,
  };
  return env;
}

async function coldStart(context: BenchContext, bundle: string, env: NodeJS.ProcessEnv, invoke: boolean) {
  const output = await runNode(
    [join(context.root, "bench/children/cold-start.ts"), bundle, ...(invoke ? ["--invoke"] : [])],
    { cwd: context.root, env },
  );
  const line = output.split("\n").find((candidate) => candidate.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`no BENCH_RESULT from ${bundle}:\n${output}`);
  return JSON.parse(line.slice("BENCH_RESULT ".length)) as ChildResult;
}

/** Fresh processes per side; single imports on this machine range over almost 2x, so the medians need many. */
const RUNS_PER_SIDE = 20;

/** Samples ours and the baseline alternately, so drift on the machine hits both alike. */
async function sampleBoth(
  context: BenchContext,
  bundles: Bundles,
  sample: (bundle: string) => Promise<number>,
): Promise<{ ours: number[]; baseline: number[] }> {
  const runs = context.smoke ? 1 : RUNS_PER_SIDE;
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < runs; run++) {
    ours.push(await sample(bundles.ours));
    baseline.push(await sample(bundles.baseline));
  }
  return { ours, baseline };
}

/** A row comparing the two sides' samples by their medians. */
function comparisonRow(
  row: Omit<FigureRow, "ours" | "baseline" | "ratio">,
  samples: { ours: number[]; baseline: number[] },
): FigureRow {
  const ours = summarize(samples.ours);
  const baseline = summarize(samples.baseline);
  return { ...row, ours, baseline, ratio: ours.median / baseline.median };
}

/** Cold import of dist/lambda/index.mjs in a fresh Node process, vs the baseline bundled the same way. */
export const coldImportFigure: Figure = {
  name: "cold-import",
  description: "cold import of the Lambda bundle in a fresh Node 22 process, vs the baseline",
  async measure(context) {
    const bundles = await buildBundles(context);
    const samples = await sampleBoth(
      context,
      bundles,
      async (bundle) => (await coldStart(context, bundle, lambdaEnv(), false)).importMs,
    );
    context.log(`  cold import: ours ${fmt(samples.ours)} ms; baseline ${fmt(samples.baseline)} ms`);
    return [
      comparisonRow(
        {
          figure: "cold-import",
          label: "cold import of dist/lambda/index.mjs",
          unit: "ms",
          goal: { kind: "at-most-and-ratio-at-most", value: 100, ratio: 1.5, text: "<= 100 ms and <= 1.5x" },
          notes: [bundleNote(bundles)],
        },
        samples,
      ),
    ];
  },
};

/**
 * Import + one GET /notes invocation (a payload 2.0 event, as the runtime would pass it) in a fresh Node
 * process, against an in-memory embedded store this process runs, for both bundles. The store holds
 * notes written through our ElectroDB adapter, and both handlers must list 20 of them.
 */
export const firstInvocationFigure: Figure = {
  name: "first-invocation",
  description: "import + first GET /notes against the embedded store, vs the baseline",
  async measure(context) {
    const bundles = await buildBundles(context);
    const store = await startEmbeddedDynamoDb();
    try {
      await seed(store.endpoint);
      const env = lambdaEnv({ AWS_ENDPOINT_URL_DYNAMODB: store.endpoint });
      const samples = await sampleBoth(context, bundles, async (bundle) =>
        firstInvocation(await coldStart(context, bundle, env, true)),
      );
      context.log(`  first invocation: ours ${fmt(samples.ours)} ms; baseline ${fmt(samples.baseline)} ms`);
      return [
        comparisonRow(
          {
            figure: "first-invocation",
            label: "first invocation (import + GET /notes)",
            unit: "ms",
            goal: { kind: "ratio-at-most", value: 1.5, text: "<= 1.5x baseline" },
          },
          samples,
        ),
      ];
    } finally {
      await store.close();
    }
  },
};

function firstInvocation(result: ChildResult): number {
  if (result.firstInvocationMs === undefined) throw new Error("the child did not invoke the handler");
  if (result.listed !== 20)
    throw new Error(`GET /notes listed ${result.listed} notes, not 20 of the seeded ones`);
  return result.firstInvocationMs;
}

/** Notes written through the product's own adapter, so the baseline is shown to read the same items. */
async function seed(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  try {
    await ensureTable(client, TABLE_NAME);
    const { repository } = createDynamoDbStores({ client, tableName: TABLE_NAME });
    const ids = createUlidIdGenerator();
    const now = Math.floor(Date.now() / 1000);
    for (let index = 0; index < SEEDED_NOTES; index++) {
      await repository.create({
        owner: OWNER,
        noteId: ids.next(),
        title: `seeded note ${index}`,
        content: "seeded by the first-invocation benchmark",
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
    }
  } finally {
    client.destroy();
  }
}

function bundleNote(bundles: Bundles): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const sizes = ({ startup, lazy }: Bundles["oursBytes"]) =>
    `${kib(startup)} (+ ${kib(lazy)} behind import())`;
  return `code loaded at import: ours ${sizes(bundles.oursBytes)}, baseline ${sizes(bundles.baselineBytes)}`;
}

function fmt(samples: number[]): string {
  return samples.map((sample) => sample.toFixed(1)).join(", ");
}

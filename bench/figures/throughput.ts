import { join } from "node:path";
import autocannon, { type Result } from "autocannon";
import { type EndpointProcess, spawnEndpointProcess } from "../../local/endpoint-process.ts";
import { endpointEnv } from "../support/endpoint-env.ts";
import type { Figure, FigureRow } from "../support/figure.ts";
import { httpRequest } from "../support/http.ts";
import { summarize } from "../support/stats.ts";

const CONNECTIONS = 16;
const SEEDED_NOTES = 40;
const NOTE_BODY = JSON.stringify({
  title: "bench note",
  content: "a note written by the throughput benchmark",
});

interface Operation {
  name: "create" | "get" | "list";
  method: "GET" | "POST";
  path: (seededId: string) => string;
  body?: string;
}

/** get and list before create, so both sides list a partition of the same size. */
const OPERATIONS: Operation[] = [
  { name: "get", method: "GET", path: (id) => `/notes/${id}` },
  { name: "list", method: "GET", path: () => "/notes?limit=20" },
  { name: "create", method: "POST", path: () => "/notes", body: NOTE_BODY },
];

interface Side {
  name: "ours" | "baseline";
  entry: string;
  endpoint?: EndpointProcess;
  url?: string;
  seededId?: string;
}

/**
 * The local endpoint serving our handler vs the same endpoint serving the baseline handler, each in its own
 * process over its own in-memory embedded store (same code, same table definition, same seed), loaded by
 * autocannon from this process at 16 connections. Each operation runs in rounds that alternate which side
 * goes first, so drift on the machine hits both alike; get and list run before any create, so both sides
 * list a partition of the same size.
 */
export const throughputFigure: Figure = {
  name: "throughput",
  description: "local endpoint req/s and p99, ours vs baseline, create/get/list at concurrency 16",
  async measure({ root, smoke, log }) {
    const rounds = smoke ? 1 : 3;
    const seconds = smoke ? 1 : 3;
    const warmUpSeconds = smoke ? 0 : 1;
    const sides: Side[] = [
      { name: "ours", entry: join(root, "src/handlers/index.ts") },
      { name: "baseline", entry: join(root, "bench/baseline/handler.ts") },
    ];
    const results = new Map<string, Result[]>();
    try {
      for (const side of sides) {
        side.endpoint = spawnEndpointProcess({
          entry: side.entry,
          // The handler's one log line per request is off for both (the baseline has none).
          env: endpointEnv({ LOG_LEVEL: "ERROR" }),
          output: () => {},
        });
        side.url = await side.endpoint.url;
        side.seededId = await seed(side.url);
      }
      for (const operation of OPERATIONS) {
        for (let round = 0; round < rounds; round++) {
          const order = round % 2 === 0 ? sides : [...sides].reverse();
          for (const side of order) {
            const options = {
              url: `${side.url}${operation.path(side.seededId ?? "")}`,
              connections: CONNECTIONS,
              method: operation.method,
              ...(operation.body
                ? { body: operation.body, headers: { "content-type": "application/json" } }
                : {}),
            };
            if (round === 0 && warmUpSeconds > 0) await autocannon({ ...options, duration: warmUpSeconds });
            const result = await autocannon({ ...options, duration: seconds });
            const key = `${operation.name}/${side.name}`;
            results.set(key, [...(results.get(key) ?? []), result]);
            log(
              `  throughput ${operation.name} ${side.name} round ${round + 1}/${rounds}: ` +
                `${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ` +
                `non-2xx ${result.non2xx}, errors ${result.errors}`,
            );
          }
        }
      }
    } finally {
      await Promise.all(sides.map((side) => side.endpoint?.stop()));
    }

    const rows: FigureRow[] = [];
    for (const operation of OPERATIONS) {
      const ours = results.get(`${operation.name}/ours`) ?? [];
      const baseline = results.get(`${operation.name}/baseline`) ?? [];
      if (ours.length === 0 || baseline.length === 0) continue;
      const notes = [...problems("ours", ours), ...problems("baseline", baseline)];
      const oursRate = summarize(ours.map(requestRate));
      const baselineRate = summarize(baseline.map(requestRate));
      rows.push({
        figure: "throughput",
        label: `throughput ${operation.name}, c=${CONNECTIONS}`,
        unit: "req/s",
        ours: oursRate,
        baseline: baselineRate,
        ratio: oursRate.median / baselineRate.median,
        goal: { kind: "ratio-at-least", value: 0.8, text: ">= 0.8x baseline" },
        ...(notes.length > 0 ? { notes } : {}),
        detail: { ours: ours.map(loadDetail), baseline: baseline.map(loadDetail) },
      });
      const oursP99 = summarize(ours.map((result) => result.latency.p99));
      const baselineP99 = summarize(baseline.map((result) => result.latency.p99));
      rows.push({
        figure: "throughput",
        label: `p99 latency ${operation.name}, c=${CONNECTIONS}`,
        unit: "ms",
        ours: oursP99,
        baseline: baselineP99,
        ...(baselineP99.median > 0 ? { ratio: oursP99.median / baselineP99.median } : {}),
        goal: { kind: "reported", text: "reported" },
      });
    }
    return rows;
  },
};

/** Creates the notes the get and list runs read; returns the id of one of them. */
async function seed(url: string): Promise<string> {
  let id = "";
  for (let index = 0; index < SEEDED_NOTES; index++) {
    const response = await httpRequest(`${url}/notes`, {
      method: "POST",
      body: JSON.stringify({ title: `seeded note ${index}`, content: "seeded by the throughput benchmark" }),
    });
    if (response.status !== 201)
      throw new Error(`seeding ${url} answered ${response.status}: ${response.body}`);
    id = (JSON.parse(response.body) as { note_id: string }).note_id;
  }
  return id;
}

/** Successful requests per second over the whole run. */
function requestRate(result: Result): number {
  return result["2xx"] / result.duration;
}

function loadDetail(result: Result) {
  return {
    seconds: result.duration,
    meanRequestsPerSecond: result.requests.average,
    completed: result.totalCompletedRequests,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
}

function problems(side: string, results: Result[]): string[] {
  const found: string[] = [];
  const non2xx = results.reduce((sum, result) => sum + result.non2xx, 0);
  const errors = results.reduce((sum, result) => sum + result.errors, 0);
  if (non2xx > 0) found.push(`${side}: ${non2xx} non-2xx answers`);
  if (errors > 0) found.push(`${side}: ${errors} connection errors`);
  return found;
}

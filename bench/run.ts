/**
 * `npm run bench`: measures the figures of issue 4 (inner loop and cold start) for our handler and, where
 * there is one, the plain baseline handler in bench/baseline, in the same run, and prints one table.
 *
 *   npm run bench                      every figure, full counts, goals checked
 *   npm run bench -- --only <figure>   one figure (repeat --only, or comma-separate, for several)
 *   npm run bench -- --smoke           every figure with tiny counts and no goals (CI: it cannot rot)
 *
 * The table also goes to bench/results/<timestamp>.json (git-ignored). Goals are for people reading the
 * table: the exit status is non-zero only when a figure could not be measured at all.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { coldImportFigure, firstInvocationFigure } from "./figures/cold-start.ts";
import { contractSuiteFigure } from "./figures/contract-suite.ts";
import { hotReloadFigure } from "./figures/hot-reload.ts";
import { startFigure } from "./figures/start.ts";
import { throughputFigure } from "./figures/throughput.ts";
import { type BenchContext, type Figure, type FigureRow, goalHolds } from "./support/figure.ts";
import { renderTable } from "./support/table.ts";

const FIGURES: Figure[] = [
  hotReloadFigure,
  startFigure,
  contractSuiteFigure,
  coldImportFigure,
  firstInvocationFigure,
  throughputFigure,
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    smoke: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log("usage: npm run bench -- [--smoke] [--only <figure>]...\nfigures:");
  for (const figure of FIGURES) console.log(`  ${figure.name.padEnd(18)} ${figure.description}`);
  process.exit(0);
}

const wanted = (values.only ?? []).flatMap((value) => value.split(",")).filter((name) => name !== "");
const unknown = wanted.filter((name) => !FIGURES.some((figure) => figure.name === name));
if (unknown.length > 0) {
  console.error(`unknown figure(s): ${unknown.join(", ")}; known: ${FIGURES.map((f) => f.name).join(", ")}`);
  process.exit(2);
}
const selected = wanted.length === 0 ? FIGURES : FIGURES.filter((figure) => wanted.includes(figure.name));
const smoke = values.smoke ?? false;
const context: BenchContext = { root, smoke, log: (message) => console.error(message) };

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
const startedAt = new Date();
const loadAtStart = loadavg()[0] ?? 0;
console.error(`${command}: ${selected.map((figure) => figure.name).join(", ")}${smoke ? " (smoke)" : ""}`);

const rows: FigureRow[] = [];
const failures: { figure: string; error: string }[] = [];
for (const figure of selected) {
  console.error(`- ${figure.name}: ${figure.description}`);
  const started = performance.now();
  try {
    for (const row of await figure.measure(context)) {
      rows.push({ ...row, ...(smoke ? {} : withHolds(row)) });
    }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push({ figure: figure.name, error: message });
    console.error(`  ${figure.name} FAILED: ${message}`);
  }
  console.error(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const table = renderTable(rows, { smoke });
console.log("");
console.log(table);
for (const row of rows) for (const note of row.notes ?? []) console.log(`note (${row.label}): ${note}`);
for (const failure of failures) console.log(`FAILED: ${failure.figure} (see above)`);
const loadAtEnd = loadavg()[0] ?? 0;
const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
console.log(
  `machine: ${machine}; 1-minute load average ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end` +
    (Math.max(loadAtStart, loadAtEnd) > cpus().length / 2 ? " (busy: other work skews every figure)" : ""),
);

const resultsDir = join(root, "bench", "results");
await mkdir(resultsDir, { recursive: true });
const file = join(resultsDir, `${startedAt.toISOString().replaceAll(":", "-")}.json`);
await writeFile(
  file,
  `${JSON.stringify(
    {
      command,
      startedAt: startedAt.toISOString(),
      smoke,
      machine: {
        node: process.version,
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        platform: process.platform,
      },
      rows,
      failures,
      table,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${file.slice(root.length + 1)}`);
process.exit(failures.length > 0 ? 1 : 0);

function withHolds(row: FigureRow): Partial<FigureRow> {
  const holds = goalHolds(row);
  const broken = (row.notes ?? []).some((note) => /non-2xx|connection errors|failed/.test(note));
  if (holds === undefined) return {};
  return { holds: holds && !broken };
}

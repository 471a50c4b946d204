import type { FigureRow } from "./figure.ts";

const HEADERS = ["figure", "ours median", "min", "max", "baseline median", "ratio", "goal", "holds?"];

/** The one table `npm run bench` prints, as Markdown so it can go into the README as is. */
export function renderTable(rows: readonly FigureRow[], options: { smoke: boolean }): string {
  const lines = rows.map((row) => [
    `${row.label} (${row.unit})`,
    number(row.ours.median, row.unit),
    number(row.ours.min, row.unit),
    number(row.ours.max, row.unit),
    row.baseline ? number(row.baseline.median, row.unit) : "-",
    row.ratio === undefined ? "-" : `${row.ratio.toFixed(2)}x`,
    row.goal.text,
    options.smoke ? "(smoke)" : row.holds === undefined ? "-" : row.holds ? "yes" : "NO",
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...lines.map((line) => (line[column] ?? "").length)),
  );
  const format = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `:${"-".repeat(width + 1)}` : `${"-".repeat(width + 1)}:`)).join("|")}|`;
  return [format(HEADERS), rule, ...lines.map(format)].join("\n");
}

function number(value: number, unit: string): string {
  if (unit === "req/s") return value.toFixed(0);
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

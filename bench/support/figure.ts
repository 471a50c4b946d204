import type { Summary } from "./stats.ts";

/** What each figure's goal is, checked against the medians once all figures have run. */
export type Goal =
  | { kind: "at-most"; value: number; text: string }
  | { kind: "ratio-at-most"; value: number; text: string }
  | { kind: "at-most-and-ratio-at-most"; value: number; ratio: number; text: string }
  | { kind: "ratio-at-least"; value: number; text: string }
  | { kind: "reported"; text: string };

/** One row of the table. */
export interface FigureRow {
  /** Which `--only` name produced it. */
  figure: string;
  /** What the row measures, with its unit. */
  label: string;
  unit: string;
  ours: Summary;
  baseline?: Summary;
  /** ours median / baseline median. */
  ratio?: number;
  goal: Goal;
  /** Undefined in smoke mode (no thresholds) and for rows that are only reported. */
  holds?: boolean;
  notes?: string[];
  /** Raw figures behind the row, for the JSON file. */
  detail?: Record<string, unknown>;
}

export interface BenchContext {
  /** Repository root. */
  root: string;
  /** Tiny counts, no thresholds. */
  smoke: boolean;
  log: (message: string) => void;
}

export interface Figure {
  name: string;
  description: string;
  measure: (context: BenchContext) => Promise<FigureRow[]>;
}

export function ratioOf(ours: Summary, baseline: Summary | undefined): number | undefined {
  if (!baseline || baseline.median === 0) return undefined;
  return ours.median / baseline.median;
}

export function goalHolds(row: Pick<FigureRow, "ours" | "ratio" | "goal">): boolean | undefined {
  const { goal, ours, ratio } = row;
  switch (goal.kind) {
    case "at-most":
      return ours.median <= goal.value;
    case "ratio-at-most":
      return ratio === undefined ? undefined : ratio <= goal.value;
    case "at-most-and-ratio-at-most":
      return ratio === undefined ? undefined : ours.median <= goal.value && ratio <= goal.ratio;
    case "ratio-at-least":
      return ratio === undefined ? undefined : ratio >= goal.value;
    case "reported":
      return undefined;
  }
}

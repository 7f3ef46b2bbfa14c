// What every suite hands back to the runner: its tables, its raw data (for results.json), and its goals.
import type { BenchArgs } from './args.ts';
import type { Table } from './report.ts';

export interface GoalCheck {
  goal: string;
  /** The measured figure, in words (e.g. "0.91 × raw"), or why there is none. */
  measured: string;
  met: boolean | null;
}

export interface SuiteOutput {
  tables: Table[];
  data: unknown;
  goals: GoalCheck[];
}

export interface SuiteContext {
  args: BenchArgs;
  progress: (line: string) => void;
}

export function goal(
  text: string,
  value: number | null,
  measured: (value: number) => string,
  met: (value: number) => boolean,
  why = 'not measured',
): GoalCheck {
  return value === null
    ? { goal: text, measured: why, met: null }
    : { goal: text, measured: measured(value), met: met(value) };
}

/** Issue 18's memory goal: the highest of `peaksMb` (null: not measured) at most 150 MB. */
export function peakRssGoal(text: string, peaksMb: readonly (number | null)[]): GoalCheck {
  const known = peaksMb.filter((value): value is number => value !== null);
  return goal(
    `${text} peak RSS ≤ 150 MB`,
    known.length > 0 ? Math.max(...known) : null,
    (value) => `${value.toFixed(0)} MB`,
    (value) => value <= 150,
  );
}

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

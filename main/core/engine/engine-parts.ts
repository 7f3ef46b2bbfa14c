// The pieces the engine is made of, built once and wired to each other: what the scheduler, a run
// (run-execution.ts) and a run's end (run-end.ts) share. All of them stop with the engine's life signal.
import { dirname } from 'node:path';
import type { Session } from '../../common/session.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { AccountStates } from './account-states.ts';
import { Batches } from './batches.ts';
import { ConnectionWatch } from './connectivity.ts';
import { FullDisk } from './disk-space.ts';
import type { ResolvedOptions } from './options.ts';
import { PollLoop } from './poll-loop.ts';
import { ProgressReporter } from './progress-reporter.ts';

export interface EngineParts {
  readonly options: ResolvedOptions;
  readonly ledger: Ledger;
  readonly progress: ProgressReporter;
  readonly batches: Batches;
  readonly polls: PollLoop;
  readonly accountStates: AccountStates;
  readonly connection: ConnectionWatch;
  /** While it is full, nothing starts. */
  readonly disk: FullDisk;
  /** A run stopped sending bytes: its upload slot is free for the next session. */
  readonly slotFreed: () => void;
  /** Puts the session back in the queue, first in line. */
  readonly requeue: (session: Session) => void;
}

export interface EngineHooks {
  /** Something the queue waits on changed (a pause, the connection, the disk, a slot): it may move. */
  changed: () => void;
  requeue: (session: Session) => void;
}

export function buildEngineParts(options: ResolvedOptions, life: AbortSignal, hooks: EngineHooks): EngineParts {
  const { ledger, now, sleep, events } = options;
  // For background work: swallows the abort close() causes, reports anything else as the bug it is.
  const unlessClosed = (thrown: unknown): void => {
    if (!life.aborted) options.reportBug(thrown);
  };
  return {
    options,
    ledger,
    progress: new ProgressReporter(ledger, now, (event) => events.onProgress(event)),
    batches: new Batches((summary) => events.onBatchFinished?.(summary)),
    polls: new PollLoop({ now, sleep, signal: life }),
    accountStates: new AccountStates({
      options,
      signal: life,
      onPauseChange: hooks.changed,
      onBackgroundError: unlessClosed,
    }),
    connection: new ConnectionWatch({
      probe: options.probe,
      sleep,
      now,
      policy: options.reconnect,
      signal: life,
      onChange: hooks.changed,
    }),
    disk: new FullDisk({
      folder: dirname(ledger.path),
      sleep,
      signal: life,
      pollMs: options.diskPollMs,
      onRoom: hooks.changed,
      onBackgroundError: unlessClosed,
    }),
    slotFreed: hooks.changed,
    requeue: hooks.requeue,
  };
}

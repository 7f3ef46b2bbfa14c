// What one upload run sees of the engine around it.
import type { EndpointPause, LimitedEndpoint, RetryWait } from '../../common/progress.ts';
import type { RequestRecord } from '../../common/request-history.ts';
import type { Session } from '../../common/session.ts';
import type { UploadClient } from '../x-api/types.ts';
import type { AccountAppends } from './account-appends.ts';
import type { FailureStreak } from './failure-streak.ts';
import type { ResolvedOptions } from './options.ts';

export interface RunContext {
  readonly options: ResolvedOptions;
  readonly client: UploadClient;
  readonly sessionId: string;
  readonly accountId: string;
  /** The account's shared, adaptive APPEND permits; null when APPENDs in flight are fixed per upload. */
  readonly appends: AccountAppends | null;
  /** The account's requests failed in a row, over all its uploads: how long a retry waits (retry-policy.ts). */
  readonly failures: FailureStreak;
  /** Aborts on cancel, pause and close (its reason says which). */
  readonly signal: AbortSignal;
  /** The session row changed: tell listeners. */
  changed(): void;
  /**
   * Progress may be reported (throttled unless forced). `inFlightBytes`: bytes of segments not yet acked
   * that have gone out (shown as sent, never recorded as acked).
   */
  progress(force?: boolean, inFlightBytes?: number): void;
  /** A request goes out to X; the returned function says it is over (answered or failed). */
  requesting(): () => void;
  /**
   * A request waits to be tried again (shown as a countdown; while nothing of the run is in flight its upload
   * slot is lent to the next session); the returned function ends the wait.
   */
  retrying(wait: RetryWait): () => void;
  /**
   * A request waits for X's rate-limit window on its endpoint (shown as "waiting until", left out of the
   * rate); the returned function ends the wait.
   */
  rateLimited(pause: EndpointPause): () => void;
  /** One request's outcome, for the session's history (X's words when it refused). */
  requested(record: RequestRecord): void;
  /** X answered 429 on `endpoint` for this account: no request of the account to it before `until`. */
  pauseEndpoint(endpoint: LimitedEndpoint, until: number): void;
  /** When this account may call `endpoint` again, or null when it is not paused. */
  endpointPausedUntil(endpoint: LimitedEndpoint): number | null;
  /** The latest row (throws not_found if forgotten meanwhile). */
  session(): Session;
  /**
   * X holds every byte (FINALIZE or processing is all that is left): the run no longer counts against the
   * account's uploads in flight, so the next file's INIT goes out alongside this one's FINALIZE.
   */
  doneSending(): void;
  /** Waits `ms` for the next STATUS poll on the engine's one poll loop (poll-loop.ts); rejects on `signal`. */
  pollWait(ms: number): Promise<void>;
}

/** Thrown inside a run when the API is unreachable: the session waits for a connection. */
export class Offline extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Offline';
  }
}

/** Thrown inside a run when X no longer knows the media id (expired or unknown): start over with INIT. */
export class MediaGone extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaGone';
  }
}

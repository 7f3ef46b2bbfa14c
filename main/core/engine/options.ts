// What the engine is built from: every piece of I/O is a port, so tests drive it with fakes and a real sandbox.
import { SILENT_LOGGER, type Logger } from '../log/logger.ts';
import { setTimeout as delay } from 'node:timers/promises';
import type { Account } from '../../common/account.ts';
import type { FileFingerprint } from '../../common/session.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { UploadClient } from '../x-api/types.ts';
import { fingerprintFile, type EdgeHashAlgorithm } from './fingerprint.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { BandwidthThrottle } from './bandwidth-throttle.ts';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
import type { EngineEvents } from './types.ts';
import { DEFAULT_RECONNECT, type ReconnectPolicy } from './connectivity.ts';

export interface Concurrency {
  /**
   * APPENDs in flight for one upload, fixed. Unset (the default), each account's in-flight controller
   * adapts the number to the link (in-flight-controller.ts) and its uploads share it.
   */
  appendsPerUpload: number;
  /** Uploads in flight per account: the rate limit is per user token (reference §2). */
  uploadsPerAccount: number;
  /** Uploads in flight over all accounts. */
  total: number;
}

export interface ProcessingPolicy {
  /** Poll STATUS no sooner than X's check_after_secs, but at least this often… */
  maxPollIntervalMs: number;
  /** …and never more often than this, whatever X says. */
  minPollIntervalMs: number;
  /** Give up waiting for processing after this long (the session fails, retryable). */
  maxWaitMs: number;
}

export interface EngineOptions {
  ledger: Ledger;
  /** Builds the signed client for an account (reads its secrets); may throw auth/environment failures. */
  clientFor: (account: Account) => Promise<UploadClient>;
  accounts: { getAccount(id: string): Account | null };
  events: EngineEvents;
  /** Is the API reachable? (e.g. a HEAD on the api base). A throw counts as offline. */
  probe: () => Promise<boolean>;
  now?: () => number;
  /** Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  fingerprint?: (path: string, algorithm?: EdgeHashAlgorithm) => Promise<FileFingerprint>;
  concurrency?: Partial<Concurrency>;
  retry?: Partial<RetryPolicy>;
  processing?: Partial<ProcessingPolicy>;
  reconnect?: Partial<ReconnectPolicy>;
  /** A media id this close to expiry is not resumed: a fresh INIT is safer (ms). */
  expiryMarginMs?: number;
  /** How often a full disk is looked at again (ms). */
  diskPollMs?: number;
  /** The bandwidth cap every upload's file bytes go through (default: a throttle with no cap). */
  throttle?: BandwidthThrottle;
  /**
   * A bug in the engine's own background work (a run that threw something other than an expected failure, a
   * wait that failed other than by close()). The run's session records it as an 'internal' error either way;
   * this says it somewhere a person can see. Defaults to stderr.
   */
  reportBug?: (error: unknown) => void;
  /** Request failures and what the retry policy made of them go here (default: nowhere). */
  log?: Logger;
}

export interface ResolvedOptions {
  ledger: Ledger;
  clientFor: EngineOptions['clientFor'];
  accounts: EngineOptions['accounts'];
  events: EngineEvents;
  probe: () => Promise<boolean>;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  fingerprint: (path: string, algorithm?: EdgeHashAlgorithm) => Promise<FileFingerprint>;
  concurrency: Concurrency;
  /** No fixed appendsPerUpload was given: APPENDs in flight adapt per account. */
  adaptiveAppends: boolean;
  retry: RetryPolicy;
  processing: ProcessingPolicy;
  reconnect: ReconnectPolicy;
  expiryMarginMs: number;
  diskPollMs: number;
  throttle: BandwidthThrottle;
  reportBug: (error: unknown) => void;
  log: Logger;
}

export const DEFAULT_CONCURRENCY: Concurrency = { appendsPerUpload: 4, uploadsPerAccount: 2, total: 4 };
export const DEFAULT_PROCESSING: ProcessingPolicy = {
  maxPollIntervalMs: 30_000,
  minPollIntervalMs: 1000,
  maxWaitMs: 60 * 60 * 1000,
};

export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(Math.max(0, ms), undefined, { signal });
}

export function resolveOptions(options: EngineOptions): ResolvedOptions {
  return {
    ledger: options.ledger,
    clientFor: options.clientFor,
    accounts: options.accounts,
    events: options.events,
    probe: options.probe,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
    fingerprint: options.fingerprint ?? fingerprintFile,
    concurrency: positive({ ...DEFAULT_CONCURRENCY, ...options.concurrency }),
    adaptiveAppends: options.concurrency?.appendsPerUpload === undefined,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    processing: { ...DEFAULT_PROCESSING, ...options.processing },
    reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
    expiryMarginMs: options.expiryMarginMs ?? 60_000,
    diskPollMs: options.diskPollMs ?? 2000,
    throttle: options.throttle ?? new BandwidthThrottle(),
    reportBug: options.reportBug ?? reportToStderr,
    log: options.log ?? SILENT_LOGGER,
  };
}

function positive(concurrency: Concurrency): Concurrency {
  return {
    appendsPerUpload: Math.max(1, Math.trunc(concurrency.appendsPerUpload)),
    uploadsPerAccount: Math.max(1, Math.trunc(concurrency.uploadsPerAccount)),
    total: Math.max(1, Math.trunc(concurrency.total)),
  };
}

function reportToStderr(error: unknown): void {
  console.error('Xfer: a bug in the upload engine (please report it):', error);
}

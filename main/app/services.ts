// The composition root shared by the CLI, the Electron app and the web harness: the ledger,
// the account registry (keychain secrets), the upload engine, the embedded sandbox, file ids,
// preferences, and the offline checks — built from one data dir, closed in one call.
import { openAccounts, type AccountRegistry } from '../core/accounts/registry.ts';
import { KeychainSecretStore } from '../core/accounts/keychain.ts';
import { metaRemovalMarker } from '../core/accounts/sandbox-account.ts';
import type { SecretStore } from '../core/accounts/types.ts';
import { isXferFailure } from '../common/errors.ts';
import { segmentHashesSettled, type EngineOptions } from '../core/engine/index.ts';
import type { Ledger } from '../core/ledger/index.ts';
import type { Session } from '../common/session.ts';
import type { MediaCategory, ValidationResult } from '../common/media-types.ts';
import type { SandboxOptions } from '../core/sandbox/index.ts';
import type { PostEvents } from '../core/posts/scheduler.ts';
import { clientBuilders } from './client-builders.ts';
import { keychainProber, type KeychainProbe } from './keychain-probe.ts';
import { openLedger } from './open-ledger.ts';
import { createProbe } from './connectivity.ts';
import { ensureDataDir } from './data-dir.ts';
import { sandboxControl, type SandboxChoice, type SandboxControl } from './embedded-sandbox.ts';
import { createEngineEventBus, type EngineEventBus } from './engine-events.ts';
import { FileRegistry } from './files.ts';
import { Fitting, type ConversionEvent } from './fitting.ts';
import { engineTuning, followPreferences } from './engine-preferences.ts';
import type { BandwidthLimit } from '../common/bandwidth.ts';
import { openPreferences, wrapPreferenceStore, type PreferenceStore, type Preferences } from './preferences.ts';
import { PostsService } from './posts.ts';
import { createFileLogger, logLevelOf } from '../core/log/logger.ts';
import { rememberSecrets } from '../core/log/known-secrets.ts';
import { logEngineEvents } from './event-log.ts';
import { checkFile, prepareSessions, type PrepareItem } from '../core/sessions/prepare.ts';
import type { SenderLockOptions } from './sender-lock.ts';
import { SendingEngine } from './sending-engine.ts';

export interface ServicesOptions {
  dataDir: string;
  /** The OS keychain by default (service "xfer", or env XFER_KEYCHAIN_SERVICE). */
  secretStore?: SecretStore & { ensureAvailable?(): Promise<void> };
  /** 'embedded' (default): a local emulator started on first need; 'off'; or one running elsewhere. */
  sandbox?: SandboxChoice;
  /** For the embedded sandbox (e.g. a fixed port, a clock). */
  sandboxOptions?: SandboxOptions;
  /** Start the embedded sandbox now, in the background (the app; the CLI starts it only when a command needs it). */
  startSandbox?: boolean;
  /** The app passes its electron-store; by default preferences.json in the data dir (preference-file.ts). */
  preferences?: PreferenceStore;
  /** The CLI's --bwlimit (bytes/s, null: none), over the bandwidthLimit preference for this opening. */
  bandwidthLimit?: BandwidthLimit;
  /** Engine tuning (tests: short delays); concurrency defaults to the "concurrency" preference. */
  engine?: Partial<Omit<EngineOptions, 'ledger' | 'clientFor' | 'accounts' | 'events' | 'probe'>>;
  /** The data folder's sender lock (tests: another pid, host or liveness check). */
  senderLock?: SenderLockOptions;
  /** Queue what an earlier run left mid-flight at once (the app); the CLI sends only what it is asked to. */
  resume?: boolean;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Posts scheduler tuning (tests: a short tick and retry delay). */
  posts?: { tickMs?: number; retryDelayMs?: number; maxRateLimitPauseMs?: number; expiryMarginMs?: number };
}

export interface Services {
  dataDir: string;
  ledger: Ledger;
  accounts: AccountRegistry;
  /** Holds the data folder's sender lock while it sends: only one process sends from a data folder. */
  engine: SendingEngine;
  files: FileRegistry;
  preferences: Preferences;
  sandbox: SandboxControl;
  /** The engine's events, for any number of listeners. */
  events: EngineEventBus;
  /** Compose, queue and the posts scheduler (started by the app on open, by `xfer post` / `xfer run`). */
  posts: PostsService;
  /** The posts' events, for any number of listeners. */
  postEvents: { subscribe(listener: Partial<PostEvents>): () => void };
  /** Drafts made to fit X (conversions into the data folder) and re-checked after edits. */
  fitting: Fitting;
  /** Conversion progress, for any number of listeners; returns the unsubscribe. */
  onConversion(listener: (event: ConversionEvent) => void): () => void;
  validateFile(
    path: string,
    options?: {
      accountId?: string | undefined;
      category?: MediaCategory | undefined;
      altText?: string | null | undefined;
    },
  ): Promise<ValidationResult>;
  /** Validates and records sessions (ready or draft); offline. */
  prepare(items: readonly PrepareItem[]): Promise<Session[]>;
  /** Whether the keychain can keep secrets now (a real write, read and delete), and how to fix it if not. */
  keychain(): Promise<KeychainProbe>;
  close(): Promise<void>;
}

export async function openServices(options: ServicesOptions): Promise<Services> {
  const env = options.env ?? process.env;
  await ensureDataDir(options.dataDir);
  const known = rememberSecrets(
    options.secretStore ?? new KeychainSecretStore({ service: env.XFER_KEYCHAIN_SERVICE || undefined }),
  );
  const secrets = known.store;
  const log = createFileLogger({
    dataDir: options.dataDir,
    level: logLevelOf(env.XFER_LOG_LEVEL),
    secrets: known.list,
  });
  log.info('services.open', { pid: process.pid, dataDir: options.dataDir });
  const ledger = await openLedger(options.dataDir, secrets);
  // The secret accessors (connections) stay in this function: only the client builders get them.
  const { registry: accounts, connections } = openAccounts({
    repository: ledger,
    secrets,
    sandboxRemoval: metaRemovalMarker(ledger),
    refreshLease: ledger,
  });
  const preferences = options.preferences ? wrapPreferenceStore(options.preferences) : openPreferences(options.dataDir);
  const sandbox = sandboxControl(options.sandbox ?? 'embedded', accounts, options.sandboxOptions);
  if (options.startSandbox) sandbox.start();
  const events = createEngineEventBus();
  const { uploadClientFor, postsClientFor, sendingFor } = clientBuilders({
    ledger,
    accounts,
    connections,
    sandbox,
    fetch: options.fetch,
  });
  const probe = createProbe({
    bases: () => [...sendingFor].flatMap((id) => (ledger.getAccount(id) ? [accounts.get(id).apiBase] : [])),
    ...(options.fetch && { fetch: options.fetch }),
  });
  const overrides = { concurrency: options.engine?.concurrency, bandwidthLimit: options.bandwidthLimit };
  const engine = new SendingEngine({
    log,
    ...options.engine,
    ...engineTuning(preferences, overrides),
    ledger,
    clientFor: uploadClientFor,
    accounts: ledger,
    events: events.sink,
    probe,
    dataDir: options.dataDir,
    ...(options.senderLock && { lock: options.senderLock }),
  });
  followPreferences(engine, preferences, overrides);
  events.subscribe({ onQueueStatus: () => engine.releaseIfIdle() });
  logEngineEvents(log, ledger, events);
  // The app only, before anything is resumed: a user who chose to work offline stays offline after a
  // restart. A CLI command was asked to send now, and does.
  // The Preferences screen and the window's Work offline switch write the same preference; the engine follows it.
  if (options.resume ?? true) {
    if (preferences.get('workOffline')) void engine.setWorkOffline(true);
    preferences.onChange((values) => {
      if (values.workOffline !== engine.workingOffline) void engine.setWorkOffline(values.workOffline);
    });
  }
  if (options.resume ?? true) resumeUnlessAnotherSends(engine);

  const postListeners = new Set<Partial<PostEvents>>();
  const posts = new PostsService({
    ledger,
    accounts,
    engine,
    preferences,
    prepare: (items) => prepareSessions({ ledger, accounts }, items),
    postsClientFor,
    events: {
      onPostChanged: (id) => postListeners.forEach((listener) => listener.onPostChanged?.(id)),
      onPostFinished: (post) => postListeners.forEach((listener) => listener.onPostFinished?.(post)),
    },
    ...options.posts,
  });
  events.subscribe({ onSessionChanged: () => posts.scheduler.kick() });
  if (options.resume ?? true) posts.scheduler.start();
  const conversionListeners = new Set<(event: ConversionEvent) => void>();
  const fitting = new Fitting({
    ledger,
    accounts,
    dataDir: options.dataDir,
    env,
    onSessionChanged: (id) => events.sink.onSessionChanged(id),
    onConversion: (event) => {
      for (const listener of conversionListeners) listener(event);
    },
  });

  let closed = false;
  return {
    dataDir: options.dataDir,
    ledger,
    accounts,
    engine,
    files: new FileRegistry({
      sessionFile: (sessionId) => {
        const session = ledger.getSession(sessionId);
        return session ? { path: session.file, mediaType: session.mediaType } : null;
      },
    }),
    preferences,
    sandbox,
    events,
    posts,
    postEvents: {
      subscribe(listener) {
        postListeners.add(listener);
        return () => postListeners.delete(listener);
      },
    },
    fitting,
    onConversion: (listener) => {
      conversionListeners.add(listener);
      return () => conversionListeners.delete(listener);
    },
    validateFile: (path, check = {}) => checkFile(accounts, path, check),
    prepare: (items) => prepareSessions({ ledger, accounts }, items),
    keychain: keychainProber(secrets),
    async close() {
      if (closed) return;
      closed = true;
      await posts.scheduler.close();
      fitting.close();
      await engine.close();
      await sandbox.close();
      // Hashes of files just prepared are recorded before the ledger closes (segment-hash-jobs.ts).
      await segmentHashesSettled(ledger);
      ledger.close();
      log.info('services.close', { pid: process.pid });
    },
  };
}

/**
 * The app resumes what an earlier run left mid-flight, unless another process (an `xfer send`) is
 * sending from this folder now: that one owns those sessions, and opening the app must not fail.
 */
function resumeUnlessAnotherSends(engine: SendingEngine): void {
  try {
    engine.start();
  } catch (thrown) {
    if (isXferFailure(thrown) && thrown.error.kind === 'environment') return;
    throw thrown;
  }
}

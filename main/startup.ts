// Opening the app's services, with every start-up failure as a typed value the shell can show:
// which step failed (data folder, ledger, keychain), the same message the CLI prints before it
// exits 3, and, where there is one, a way out the user can take (e.g. moving a damaged ledger
// aside: a recovery registered by whoever knows how). Electron-free, so the CLI could share it.
import { join } from 'node:path';
import { ensureDataDir } from './app/data-dir.ts';
import { openServices, type Services, type ServicesOptions } from './app/services.ts';
import { LEDGER_FILE } from './app/open-ledger.ts';
import { isXferFailure } from './common/errors.ts';
import { isLedgerOpenFailure, moveLedgerAside } from './core/ledger/index.ts';

export type StartupStep = 'data-folder' | 'ledger' | 'keychain';

export interface Recovery {
  /** The dialog's button, e.g. "Move the damaged ledger aside". */
  label: string;
  run(): Promise<void>;
}

export interface StartupFailure {
  step: StartupStep;
  /** The CLI's exit-3 wording: what is wrong and how to fix it. */
  message: string;
  /** A keychain failure still lets the app run (the sandbox account needs no secrets). */
  fatal: boolean;
  recovery: Recovery | null;
}

/** Offers a way out for a failure it recognises, or null; tried in order. */
export type RecoveryFinder = (failure: Omit<StartupFailure, 'recovery'>, thrown: unknown) => Recovery | null;

export type Opened =
  { ok: true; services: Services; warning: StartupFailure | null } | { ok: false; failure: StartupFailure };

const WHAT: Record<StartupStep, (dataDir: string) => string> = {
  'data-folder': (dataDir) => `Cannot use the data folder ${dataDir}`,
  ledger: (dataDir) => `Cannot open the ledger at ${join(dataDir, LEDGER_FILE)}`,
  keychain: () => 'Cannot reach the keychain',
};

function failureOf(
  step: StartupStep,
  dataDir: string,
  thrown: unknown,
  recoveries: readonly RecoveryFinder[],
): StartupFailure {
  // An environment failure carries the CLI's own wording; a SQLite error the ledger did not
  // classify is named by its file. Anything else is a bug: rethrown, to be reported as one.
  let message: string;
  if (isXferFailure(thrown) && thrown.error.kind === 'environment') message = thrown.error.message;
  else if ((thrown as { code?: unknown } | null)?.code === 'ERR_SQLITE_ERROR' || step === 'data-folder') {
    message = `${WHAT[step](dataDir)}: ${(thrown as Error).message}`;
  } else throw thrown;
  const base = { step, message, fatal: step !== 'keychain' };
  for (const find of recoveries) {
    const recovery = find(base, thrown);
    if (recovery) return { ...base, recovery };
  }
  return { ...base, recovery: null };
}

/** The way out of a damaged ledger: moved aside (never deleted) so the next open starts a new one. */
export const moveDamagedLedgerAside: RecoveryFinder = (_failure, thrown) => {
  if (!isLedgerOpenFailure(thrown) || thrown.problem !== 'damaged') return null;
  return {
    label: 'Move the damaged ledger aside and start a new one',
    run: async () => void (await moveLedgerAside(thrown.path)),
  };
};

export async function openForApp(
  options: ServicesOptions,
  recoveries: readonly RecoveryFinder[] = [],
): Promise<Opened> {
  try {
    await ensureDataDir(options.dataDir);
  } catch (thrown) {
    return { ok: false, failure: failureOf('data-folder', options.dataDir, thrown, recoveries) };
  }
  let services: Services;
  try {
    services = await openServices({ startSandbox: true, ...options });
  } catch (thrown) {
    return { ok: false, failure: failureOf('ledger', options.dataDir, thrown, recoveries) };
  }
  const keychain = await services.keychain();
  const warning: StartupFailure | null = keychain.ok
    ? null
    : { step: 'keychain', message: keychain.message ?? 'The keychain is not available', fatal: false, recovery: null };
  return { ok: true, services, warning };
}

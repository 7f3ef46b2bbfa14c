// Opening the data folder's ledger, refusing one that was emptied rather than made fresh.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Ledger, LedgerOpenFailure } from '../core/ledger/index.ts';
import type { SecretStore } from '../core/accounts/types.ts';

/** Shared with `xfer accounts` and the start-up dialogs, which name the same file. */
export const LEDGER_FILE = 'ledger.sqlite';

export async function openLedger(dataDir: string, secrets: SecretStore): Promise<Ledger> {
  const path = join(dataDir, LEDGER_FILE);
  await refuseEmptiedLedger(path, secrets);
  return Ledger.open(path);
}

/**
 * A 0-byte ledger beside account secrets in the keychain was emptied (a failed copy, a disk fault), not
 * made fresh: opening it would start an empty ledger and the accounts would silently disappear.
 */
async function refuseEmptiedLedger(path: string, secrets: SecretStore): Promise<void> {
  const size = await stat(path).then(
    (stats) => stats.size,
    () => null,
  );
  if (size !== 0 || !(await secrets.hasAccountSecrets?.())) return;
  throw new LedgerOpenFailure(
    path,
    'damaged',
    `The ledger ${path} is empty (0 bytes), but the keychain holds secrets of accounts it should list: it was ` +
      `damaged. Restore it from a backup, or move it aside (e.g. mv "${path}" "${path}.damaged") and add the ` +
      'accounts again; the app offers to move it.',
  );
}

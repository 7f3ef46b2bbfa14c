// What the queue is doing, in plain words, for the always-visible status bar.
import { LIMITED_ENDPOINT_LABELS, type QueueStatus } from '../../../main/common/progress.ts';
import type { AccountView } from '../../../main/ipc/contract.ts';
import { accountLabel as labelOf } from '../../../main/common/account-label.ts';
import { formatClock } from './format.ts';

/** The user's name for the account, its @handle and, for a non-X server, the host (main/common/account-label.ts). */
export function accountLabel(account: AccountView | undefined, fallbackId: string): string {
  return account ? labelOf(account) : fallbackId;
}

/** Newest facts first: connection, then what waits, runs and is paused. Empty parts are left out. */
export function describeQueue(status: QueueStatus, accounts: readonly AccountView[], now: number): string[] {
  const parts: string[] = [];
  if (status.diskFull !== undefined) parts.push(status.diskFull);
  if (status.waitingForConnection > 0) parts.push(`${status.waitingForConnection} waiting for connection`);
  if (status.active > 0) parts.push(`${status.active} uploading`);
  if (status.queued > 0) parts.push(`${status.queued} queued`);
  for (const pause of status.paused) {
    if (pause.until <= now) continue;
    const account = accounts.find((candidate) => candidate.id === pause.accountId);
    // X limits each endpoint on its own: say which one waits (the account's others go on).
    const endpoint = LIMITED_ENDPOINT_LABELS[pause.endpoint];
    parts.push(
      `${accountLabel(account, pause.accountId)}: ${endpoint} paused by rate limit until ${formatClock(pause.until)}`,
    );
  }
  if (parts.length === 0) parts.push('Idle');
  return parts;
}

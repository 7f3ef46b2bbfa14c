// One session's run, from the engine's side: find its account and signed client, hand upload-run.ts what it
// sees of the engine (a RunContext), and turn whatever the run threw into an outcome the engine can settle.
import { isXferFailure, xferError } from '../../common/errors.ts';
import { HELD_NOTICE, PAUSED_NOTICE, WAITING_NOTICE } from '../../common/notices.ts';
import { diskFullMessage, isDiskFull } from '../ledger/index.ts';
import type { Run } from './active-runs.ts';
import type { EngineParts } from './engine-parts.ts';
import type { RunContext } from './run-context.ts';
import { runUpload, type RunOutcome } from './upload-run.ts';
import { RunWaits } from './run-waits.ts';

export async function executeRun(parts: EngineParts, id: string, run: Run): Promise<RunOutcome> {
  const { options, accountStates, progress, polls } = parts;
  const { ledger, accounts, clientFor } = options;
  const { accountId } = run;
  const signal = run.controller.signal;
  try {
    const account = accountId === null ? null : accounts.getAccount(accountId);
    if (!account) {
      return {
        kind: 'failed',
        error: xferError('not_found', 'The account of this session was removed; assign it to an account.'),
      };
    }
    const session = ledger.requireSession(id);
    if (session.notice === WAITING_NOTICE || session.notice === HELD_NOTICE || session.notice === PAUSED_NOTICE)
      ledger.updateSession(id, { notice: null });
    // The session's dialect rules: its chunks were planned for it (v1.1 takes at most 5 MB segments).
    const client = await clientFor(session.api === account.api ? account : { ...account, api: session.api });
    // Only waiting out retry delays, the run lends its upload slot (admission.ts): the queue may move.
    const waits = new RunWaits((waiting) => {
      run.waiting = waiting;
      if (waiting) parts.slotFreed();
    });
    const context: RunContext = {
      options,
      client,
      sessionId: id,
      accountId: account.id,
      appends: accountStates.appendsFor(account.id),
      failures: accountStates.failuresFor(account.id),
      signal,
      changed: () => options.events.onSessionChanged(id),
      progress: (force, inFlightBytes) => progress.report(id, force, inFlightBytes),
      requesting: () => waits.request(),
      retrying: (wait) => {
        const shown = progress.retrying(id, wait);
        const counted = waits.backoff();
        return () => {
          counted();
          shown();
        };
      },
      rateLimited: (pause) => progress.rateLimited(id, pause),
      requested: (record) => ledger.requests.record(id, record),
      pauseEndpoint: (endpoint, until) => accountStates.pauses.pause(account.id, endpoint, until),
      endpointPausedUntil: (endpoint) => accountStates.pauses.pausedUntil(account.id, endpoint),
      session: () => ledger.requireSession(id),
      doneSending: () => {
        if (!run.sending) return;
        run.sending = false;
        parts.slotFreed();
      },
      pollWait: (ms) => polls.wait(ms, signal),
    };
    try {
      return await runUpload(context);
    } finally {
      // Where this account's controller starts next time, in this process or the next.
      if (context.appends) ledger.recordAppendsInFlight(account.id, context.appends.controller.lastGood());
    }
  } catch (thrown) {
    if (signal.aborted) return { kind: 'stopped' };
    if (isXferFailure(thrown)) return { kind: 'failed', error: thrown.error };
    const folder = parts.disk.folder;
    if (isDiskFull(thrown, folder))
      return { kind: 'disk_full', error: xferError('environment', diskFullMessage(folder), { retryable: true }) };
    // A bug: record it on the session (as one, not as the machine's fault) rather than crash the process
    // from a background task, and report it.
    options.reportBug(thrown);
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return { kind: 'failed', error: xferError('internal', `Internal error: ${message}`) };
  }
}

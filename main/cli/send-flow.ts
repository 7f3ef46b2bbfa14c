// `send`, `retry` and `upload` share this: queue sessions on the engine, show progress, and wait
// until every one has ended — through lost connections (the engine waits and resumes) — or until
// the user interrupts (the engine stops; the sessions stay resumable for the next `xfer send`).
import { basename } from 'node:path';
import type { XferError } from '../common/errors.ts';
import type { Session } from '../common/session.ts';
import type { Services } from '../app/services.ts';
import type { CliContext } from './context.ts';
import { createProgressDisplay } from './progress.ts';
import { printable } from '../common/printable.ts';

export interface SendOutcome {
  sessions: Session[];
  refused: { id: string; error: XferError }[];
  interrupted: boolean;
}

export async function sendAndWait(ctx: CliContext, services: Services, ids: readonly string[]): Promise<SendOutcome> {
  const { ledger, engine } = services;
  const display = ctx.json ? null : createProgressDisplay(ctx.stderr as NodeJS.WriteStream);
  const watched = new Set(ids);
  let wasOffline = false;
  let wasDiskFull = false;
  const unsubscribe = services.events.subscribe({
    onProgress: (event) => display?.progress(event),
    onSessionChanged: (id) => {
      // --json shows no progress: nothing to read the session for (four changes per upload). The state line
      // needs the status columns only, not the whole row with its validation's JSON.
      if (display === null || !watched.has(id)) return;
      const status = ledger.getSessionStatus(id);
      if (status) display.state(id, status.state, status.error?.message ?? status.notice);
    },
    onQueueStatus: (status) => {
      if (!status.online && !wasOffline && !ctx.json)
        ctx.stderr.write('xfer: the API is unreachable; waiting for the connection…\n');
      wasOffline = !status.online;
      // Said in --json mode too (on stderr): stdout's one document comes only at the end, and this may last.
      if (status.diskFull !== undefined && !wasDiskFull) ctx.stderr.write(`xfer: ${printable(status.diskFull)}\n`);
      wasDiskFull = status.diskFull !== undefined;
    },
  });
  try {
    // --json: no progress lines to set up, so the sessions are read only once they have ended.
    if (display !== null) {
      for (const id of ids) {
        const session = ledger.getSession(id);
        if (session)
          display.add(id, {
            name: printable(basename(session.file)),
            state: session.state,
            totalBytes: session.totalBytes,
          });
      }
    }
    const result = engine.send(ids);
    for (const refusal of result.refused)
      display?.state(refusal.id, ledger.getSession(refusal.id)?.state ?? 'failed', printable(refusal.error.message));
    const interrupted = await Promise.race([
      engine.whenIdle().then(() => false),
      new Promise<boolean>((resolve) => {
        if (ctx.signal.aborted) resolve(true);
        ctx.signal.addEventListener('abort', () => resolve(true), { once: true });
      }),
    ]);
    if (interrupted) await engine.close();
    display?.finish();
    const sessions = ids.flatMap((id) => ledger.getSession(id) ?? []);
    return { sessions, refused: result.refused, interrupted };
  } finally {
    unsubscribe();
    display?.finish();
  }
}

/** Exit 0 only when every session asked for succeeded. */
export function allSucceeded(outcome: SendOutcome): boolean {
  return (
    !outcome.interrupted &&
    outcome.refused.length === 0 &&
    outcome.sessions.every((session) => session.state === 'succeeded')
  );
}

// Writes where a run stopped, as settlement.ts decided it: the session's row, and for a session that waits
// (for a connection, for room on the disk, or because X held it whole when the pause landed) its place back
// in the queue, first in line. The run itself wrote every forward transition.
import { isXferFailure } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import { HELD_NOTICE, PAUSED_NOTICE, WAITING_NOTICE } from '../../common/notices.ts';
import { ACTIVE_STATES } from '../../common/session-states.ts';
import type { Session } from '../../common/session.ts';
import { isDiskFull } from '../ledger/index.ts';
import type { EngineParts } from './engine-parts.ts';
import type { SettlementStep } from './settlement.ts';

export function recordEnd(parts: EngineParts, session: Session, step: SettlementStep): void {
  const { ledger } = parts;
  const { id } = session;
  try {
    if (step.step === 'fail') ledger.transition(id, ACTIVE_STATES, 'failed', { error: step.error });
    else if (step.step === 'wait_for_connection') waitForConnection(parts, session, step.lost);
    else if (step.step === 'wait_for_space') waitForSpace(parts, session, step.error);
    else if (step.step === 'cancel') ledger.transition(id, ACTIVE_STATES, 'cancelled', { notice: null });
    else if (step.step === 'pause_upload') ledger.transition(id, ['uploading'], 'ready', { notice: PAUSED_NOTICE });
    else if (step.step === 'mark_paused') ledger.updateSession(id, { notice: PAUSED_NOTICE });
    else if (step.step === 'requeue') parts.requeue(session);
  } catch (thrown) {
    if (!isXferFailure(thrown)) throw thrown; // a refused transition: someone else already moved it
  }
}

/** The API is unreachable (or the user works offline): the session goes back to ready (or stays with X) and waits, first in line. */
function waitForConnection(parts: EngineParts, session: Session, lost: boolean): void {
  const { ledger } = parts;
  parts.progress.stalled(session.id); // time offline is not sending time
  const notice = lost ? WAITING_NOTICE : HELD_NOTICE;
  if (session.state === 'uploading') ledger.transition(session.id, ['uploading'], 'ready', { notice });
  else ledger.updateSession(session.id, { notice });
  parts.requeue(session);
  if (lost) parts.connection.lost();
}

/** The ledger cannot be written: the session says why (when even that fits), waits first in line, resumes with room. */
function waitForSpace(parts: EngineParts, session: Session, error: XferError): void {
  const { ledger } = parts;
  try {
    if (session.state === 'uploading')
      ledger.transition(session.id, ['uploading'], 'ready', { notice: error.message, error });
    else ledger.updateSession(session.id, { notice: error.message, error });
  } catch (thrown) {
    if (!isDiskFull(thrown, parts.disk.folder)) throw thrown; // the status carries the message meanwhile
  }
  parts.requeue(session);
  parts.disk.hold(error.message);
}

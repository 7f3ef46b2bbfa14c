// A refused session state change, as the failure callers see (bad_request, naming both states).
import { XferFailure, xferError } from '../../common/errors.ts';
import type { SessionState } from '../../common/session.ts';

/** A refused state change: the session is not in a state that may become `to`. */
export class IllegalTransition extends XferFailure {
  readonly sessionId: string;
  readonly from: SessionState;
  readonly to: SessionState;
  constructor(sessionId: string, from: SessionState, to: SessionState, expected: readonly SessionState[]) {
    const allowed = expected.length > 0 ? ` (expected ${expected.join(' or ')})` : '';
    super(xferError('bad_request', `Session ${sessionId} is ${from}${allowed}; it cannot become ${to}.`));
    this.name = 'IllegalTransition';
    this.sessionId = sessionId;
    this.from = from;
    this.to = to;
  }
}

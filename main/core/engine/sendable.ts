// Whether a session may be queued, and if not, why — in words for the user. Pure.
import { xferError } from '../../common/errors.ts';
import type { XferError } from '../../common/errors.ts';
import { IN_FLIGHT_STATES } from '../../common/session-states.ts';
import type { Session } from '../../common/session.ts';

export function whyNotSendable(session: Session): XferError | null {
  if (session.accountId === null) {
    return xferError('not_found', 'This session has no account (it was removed); assign it to an account first.');
  }
  if (session.state === 'ready' || IN_FLIGHT_STATES.includes(session.state)) return null;
  if (session.state === 'failed' && session.error?.retryable !== false) return null;
  if (session.state === 'draft') return xferError('validation', 'This session did not pass validation; fix it first.');
  if (session.state === 'failed') {
    return xferError(
      'bad_request',
      `This session failed and sending it again will not help: ${session.error?.message ?? ''}`,
    );
  }
  return xferError('bad_request', `This session is ${session.state}; it cannot be sent.`);
}

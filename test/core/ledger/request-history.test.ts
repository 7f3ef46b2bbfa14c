// The ledger's bounded request history per session (migration 8).
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../main/common/request-history.ts';
import { REQUEST_HISTORY_LIMIT } from '../../../main/common/request-history.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import { newSession, testAccount } from '../../fakes/session-builder.ts';

function record(at: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    at,
    request: 'APPEND segment 0',
    outcome: 'retry',
    status: 503,
    errorKind: 'server',
    message: 'APPEND segment 0: X had a server error: Over capacity',
    nextAttempt: 2,
    nextAt: at + 500,
    ...overrides,
  };
}

function ledgerWithSession() {
  const ledger = Ledger.openInMemory();
  ledger.insertAccount(testAccount('a1'));
  const session = ledger.insertSession(newSession({ accountId: 'a1' }));
  return { ledger, session };
}

describe('request history', () => {
  it('gives back what was recorded, oldest first, field for field', () => {
    const { ledger, session } = ledgerWithSession();
    ledger.requests.record(session.id, record(1));
    ledger.requests.record(
      session.id,
      record(2, {
        request: 'FINALIZE',
        outcome: 'ok',
        status: null,
        errorKind: null,
        message: null,
        nextAttempt: null,
        nextAt: null,
      }),
    );
    expect(ledger.requests.list(session.id)).toEqual([
      record(1),
      {
        at: 2,
        request: 'FINALIZE',
        outcome: 'ok',
        status: null,
        errorKind: null,
        message: null,
        nextAttempt: null,
        nextAt: null,
      },
    ]);
  });

  it(`keeps only the newest ${REQUEST_HISTORY_LIMIT} records of a session, and another session's are untouched`, () => {
    const { ledger, session } = ledgerWithSession();
    const other = ledger.insertSession(newSession({ accountId: 'a1' }));
    ledger.requests.record(other.id, record(0));
    for (let at = 1; at <= REQUEST_HISTORY_LIMIT + 5; at++) ledger.requests.record(session.id, record(at));
    const kept = ledger.requests.list(session.id);
    expect(kept).toHaveLength(REQUEST_HISTORY_LIMIT);
    expect(kept[0]!.at).toBe(6);
    expect(kept.at(-1)!.at).toBe(REQUEST_HISTORY_LIMIT + 5);
    expect(ledger.requests.list(other.id)).toHaveLength(1);
  });

  it('goes with its session, and a late record for a forgotten session is dropped', () => {
    const { ledger, session } = ledgerWithSession();
    ledger.requests.record(session.id, record(1));
    ledger.forgetSession(session.id);
    ledger.requests.record(session.id, record(2));
    expect(ledger.requests.list(session.id)).toEqual([]);
  });
});

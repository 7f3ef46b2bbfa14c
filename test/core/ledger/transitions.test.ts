import { describe, expect, it } from 'vitest';
import { canTransition } from '../../../main/core/ledger/transitions.ts';
import { SESSION_STATES } from '../../../main/common/session.ts';
import type { SessionState } from '../../../main/common/session.ts';

const LEGAL: [SessionState, SessionState][] = [
  ['draft', 'ready'],
  ['ready', 'uploading'],
  ['ready', 'draft'], // an edit that makes the file fail again
  ['uploading', 'finalizing'],
  ['finalizing', 'processing'],
  ['finalizing', 'succeeded'],
  ['processing', 'succeeded'],
  ['processing', 'failed'],
  ['failed', 'ready'],
  ['cancelled', 'ready'],
  ['expired', 'ready'],
  ...(['ready', 'uploading', 'finalizing', 'processing'] as const).flatMap((from) =>
    (['failed', 'cancelled', 'expired', 'ready'] as const).map((to): [SessionState, SessionState] => [from, to]),
  ),
];

describe('canTransition', () => {
  it('allows exactly the documented transitions', () => {
    const legal = new Set(LEGAL.filter(([from, to]) => from !== to).map(([from, to]) => `${from}→${to}`));
    for (const from of SESSION_STATES) {
      for (const to of SESSION_STATES) {
        expect(canTransition(from, to), `${from}→${to}`).toBe(legal.has(`${from}→${to}`));
      }
    }
  });

  it('never leaves succeeded', () => {
    expect(SESSION_STATES.filter((to) => canTransition('succeeded', to))).toEqual([]);
  });
});

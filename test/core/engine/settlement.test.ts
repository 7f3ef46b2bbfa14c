// How a run's end is recorded: one pure decision over (outcome, why it was stopped, the session's state).
import { describe, expect, it } from 'vitest';
import { xferError } from '../../../main/common/errors.ts';
import { settlement } from '../../../main/core/engine/settlement.ts';

const error = xferError('server', 'X answered 503');
const full = xferError('environment', 'The disk is full', { retryable: true });

describe('settlement', () => {
  it('counts a success and a failure for the batch; a failure moves the session to failed with its error', () => {
    expect(settlement({ kind: 'succeeded' }, null, 'succeeded')).toEqual({ step: { step: 'none' }, end: 'succeeded' });
    expect(settlement({ kind: 'failed', error }, null, 'uploading')).toEqual({
      step: { step: 'fail', error },
      end: 'failed',
    });
  });

  it('waits (the batch is not over) when offline or when the disk is full', () => {
    expect(settlement({ kind: 'offline', message: 'no route' }, null, 'uploading')).toEqual({
      step: { step: 'wait_for_connection', lost: true },
      end: null,
    });
    // Working offline (hold): the run was stopped, and waits as if the connection were lost.
    expect(settlement({ kind: 'stopped' }, 'hold', 'uploading')).toEqual({
      step: { step: 'wait_for_connection', lost: false },
      end: null,
    });
    expect(settlement({ kind: 'disk_full', error: full }, null, 'uploading')).toEqual({
      step: { step: 'wait_for_space', error: full },
      end: null,
    });
  });

  it('records a cancel, and a pause by the state it landed in', () => {
    expect(settlement({ kind: 'stopped' }, 'cancel', 'uploading')).toEqual({ step: { step: 'cancel' }, end: 'other' });
    expect(settlement({ kind: 'stopped' }, 'pause', 'uploading')).toEqual({
      step: { step: 'pause_upload' },
      end: 'other',
    });
    expect(settlement({ kind: 'stopped' }, 'pause', 'ready')).toEqual({ step: { step: 'mark_paused' }, end: 'other' });
    // X had the whole file when the pause landed (finalizing, processing): nothing to pause, it goes on.
    for (const state of ['finalizing', 'processing'] as const) {
      expect(settlement({ kind: 'stopped' }, 'pause', state)).toEqual({ step: { step: 'requeue' }, end: null });
    }
  });

  it('leaves a session stopped by close() as it is, for the next start', () => {
    expect(settlement({ kind: 'stopped' }, 'close', 'uploading')).toEqual({ step: { step: 'none' }, end: null });
  });
});

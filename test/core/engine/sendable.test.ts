import { describe, expect, it } from 'vitest';
import { whyNotSendable } from '../../../main/core/engine/sendable.ts';
import type { Session } from '../../../main/common/session.ts';
import { newSession } from '../../fakes/session-builder.ts';

function session(overrides: Partial<Session>): Session {
  return {
    ...newSession({ accountId: 'a1' }),
    id: 's',
    segmentsAcked: 0,
    bytesAcked: 0,
    attempts: 0,
    processingPercent: null,
    error: null,
    notice: null,
    conversion: null,
    mediaId: null,
    expiresAt: null,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

describe('whyNotSendable', () => {
  it('lets ready and interrupted sessions go', () => {
    for (const state of ['ready', 'uploading', 'finalizing', 'processing'] as const) {
      expect(whyNotSendable(session({ state }))).toBeNull();
    }
  });

  it('lets a failed session go again when its error is retryable', () => {
    expect(
      whyNotSendable(session({ state: 'failed', error: { kind: 'server', message: '503', retryable: true } })),
    ).toBeNull();
  });

  it('refuses a failed session whose error will not go away by trying again', () => {
    const error = whyNotSendable(
      session({ state: 'failed', error: { kind: 'file_changed', message: 'edited', retryable: false } }),
    );
    expect(error?.message).toMatch(/will not help: edited/);
  });

  it('refuses a draft, a finished session and one without an account', () => {
    expect(whyNotSendable(session({ state: 'draft' }))?.kind).toBe('validation');
    expect(whyNotSendable(session({ state: 'succeeded' }))?.kind).toBe('bad_request');
    expect(whyNotSendable(session({ accountId: null }))?.kind).toBe('not_found');
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../main/common/progress.ts';
import { PAUSED_NOTICE } from '../../../main/common/notices.ts';
import SessionRow from '../../../renderer/src/components/SessionRow.svelte';
import { SessionsState } from '../../../renderer/src/state/sessions.svelte.ts';
import { validate } from '../../../main/core/media/validate.ts';
import { createFakeApp, fakeApi, fakeInspection, fakeSession } from '../../fakes/contract-handlers.ts';

afterEach(cleanup);

const tick: Omit<ProgressEvent, 'state' | 'bytesSent' | 'rateBps'> = {
  sessionId: 'session-1',
  segmentsAcked: 1,
  segmentsTotal: 4,
  totalBytes: 4 * 1_048_576,
  etaSec: 75,
  processingPercent: null,
};

function renderRow(
  overrides: Parameters<typeof fakeSession>[0],
  progress?: Partial<ProgressEvent> & Pick<ProgressEvent, 'state' | 'bytesSent' | 'rateBps'>,
) {
  const fake = createFakeApp();
  const session = fakeSession({ totalBytes: 4 * 1_048_576, ...overrides });
  fake.sessions = [session];
  const sessions = new SessionsState(fakeApi(fake));
  render(SessionRow, {
    session,
    progress: progress ? { ...tick, ...progress } : undefined,
    sessions,
    now: 1_000_000,
    accountText: '@alice',
    accounts: fake.accounts,
  });
  return { fake, sessions };
}

describe('SessionRow', () => {
  it('shows bytes sent, the rate and the time left while uploading', () => {
    renderRow({ state: 'uploading' }, { state: 'uploading', bytesSent: 1_048_576, rateBps: 524_288 });
    expect(screen.getByText('1 MB of 4 MB · 512 KB/s · 1 min 15 s left')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
  });

  it('shows X’s processing percentage while X processes', () => {
    renderRow(
      { state: 'processing' },
      { state: 'processing', bytesSent: 4 * 1_048_576, rateBps: 0, processingPercent: 40 },
    );
    expect(screen.getByText('X is processing · 40%')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
  });

  it('shows the media id with its expiry countdown and copies it through main', async () => {
    const { fake } = renderRow({
      state: 'succeeded',
      mediaId: '1880000000000000042',
      expiresAt: 1_000_000 + 3_600_000,
    });
    expect(screen.getByText('expires in 1 h')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy media id of clip.mp4 on @alice' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'sessions:copyMediaId', request: { id: 'session-1' } });
  });

  it('moves a session whose account was removed to another account through main', async () => {
    const { fake } = renderRow({ state: 'ready', accountId: null });
    await fireEvent.change(screen.getByRole('combobox', { name: /^Move clip.mp4 to an account/ }), {
      target: { value: 'acct-sandbox' },
    });
    expect(fake.calls.at(-1)).toEqual({
      channel: 'sessions:reassign',
      request: { id: 'session-1', accountId: 'acct-sandbox' },
    });
  });

  it('lists a draft of no recognised type under no category, a PNG named .mp4 as tweet_image', () => {
    const noise = validate(fakeInspection({ name: 'noise.mp4', mediaType: null, kind: 'unknown', image: undefined }), {
      category: 'tweet_image',
      tier: 'standard',
    });
    renderRow({ state: 'draft', mediaCategory: 'tweet_image', validation: noise });
    expect(document.querySelector('[data-category]')?.textContent).toBe('unknown');
    cleanup();
    const png = validate(fakeInspection({ name: 'clip.mp4', extensionType: 'video/mp4' }), {
      category: 'tweet_image',
      tier: 'standard',
    });
    renderRow({ state: 'ready', mediaCategory: 'tweet_image', validation: png });
    expect(document.querySelector('[data-category]')?.textContent).toBe('tweet_image');
  });

  it('sends a ready session through main', async () => {
    const { fake } = renderRow({ state: 'ready' });
    await fireEvent.click(screen.getByRole('button', { name: 'Send clip.mp4 on @alice' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'sessions:send', request: { ids: ['session-1'] } });
  });

  it('pauses an upload through main, from a button named for the session', async () => {
    const { fake } = renderRow({ state: 'uploading' }, { state: 'uploading', bytesSent: 1_048_576, rateBps: 524_288 });
    await fireEvent.click(screen.getByRole('button', { name: 'Pause clip.mp4 on @alice' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'sessions:pause', request: { id: 'session-1' } });
  });

  it('offers no pause once X has the whole file, nor before sending', () => {
    for (const state of ['finalizing', 'processing', 'ready'] as const) {
      renderRow({ state });
      expect(screen.queryByRole('button', { name: /^Pause / })).toBeNull();
      cleanup();
    }
  });

  it('shows a paused session’s notice and resumes it through main', async () => {
    const { fake } = renderRow({
      state: 'ready',
      notice: PAUSED_NOTICE,
      mediaId: '1880000000000000042',
      segmentsTotal: 4,
      segmentsAcked: 2,
      bytesAcked: 2 * 1_048_576,
    });
    expect(screen.getByText(PAUSED_NOTICE)).toBeTruthy();
    expect(screen.getByText('2 MB of 4 MB')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Pause / })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Resume clip.mp4 on @alice' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'sessions:send', request: { ids: ['session-1'] } });
  });

  it('offers retry and forget on a failure, cancel while it can still stop', () => {
    renderRow({ state: 'failed', error: { kind: 'server', message: 'Internal error', retryable: true } });
    expect(screen.getByRole('button', { name: /^Retry / })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Forget / })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Cancel / })).toBeNull();
    cleanup();
    renderRow({ state: 'uploading' });
    expect(screen.getByRole('button', { name: /^Cancel / })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Send / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Retry / })).toBeNull();
  });

  it('says it waits for X’s rate limit, on which endpoint and when it resumes, not a rate and time left', () => {
    const until = new Date(2026, 11, 1, 18, 44).getTime();
    renderRow(
      { state: 'uploading' },
      {
        state: 'uploading',
        bytesSent: 1_048_576,
        rateBps: 47 * 1_048_576,
        etaSec: 1,
        rateLimited: { endpoint: 'append', until },
      },
    );
    expect(screen.getByText("Waiting for X's rate limit — resumes 18:44 (APPEND)")).toBeTruthy();
    expect(screen.queryByText(/MB\/s/)).toBeNull();
    expect(screen.queryByText(/left/)).toBeNull();
  });

  it('reads Paused, not Ready, for a paused session', () => {
    renderRow({ state: 'ready', notice: PAUSED_NOTICE, segmentsTotal: 4, segmentsAcked: 2, bytesAcked: 2_097_152 });
    expect(screen.getByText('Paused')).toBeTruthy();
    expect(screen.queryByText('Ready')).toBeNull();
  });

  it('draws no progress bar for a draft', () => {
    renderRow({ state: 'draft' });
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('offers a media id for copying only when it is usable; an expired one says so', () => {
    renderRow({ state: 'succeeded', mediaId: '1880000000000000042', expiresAt: 1_000_000 - 1 });
    expect(screen.queryByRole('button', { name: /^Copy media id/ })).toBeNull();
    expect(screen.getByText('Media id expired: X no longer accepts it')).toBeTruthy();
    cleanup();
    renderRow({ state: 'uploading', mediaId: '1880000000000000042', expiresAt: 1_000_000 + 60_000 });
    expect(screen.queryByRole('button', { name: /^Copy media id/ })).toBeNull();
    expect(screen.getByText('Media id usable once the upload finishes')).toBeTruthy();
    cleanup();
    renderRow({ state: 'cancelled', mediaId: '1880000000000000042', expiresAt: 1_000_000 + 60_000 });
    expect(screen.getByText('Media id unusable: the upload did not finish')).toBeTruthy();
  });

  it('asks before cancelling, with the safe choice focused; Keep it changes nothing', async () => {
    const { fake } = renderRow({ state: 'uploading' }, { state: 'uploading', bytesSent: 1_048_576, rateBps: 1 });
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel clip.mp4 on @alice' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel the upload of clip.mp4?' });
    expect(dialog.textContent?.replace(/\s+/g, ' ')).toContain('choose Pause instead');
    expect(document.activeElement?.textContent).toBe('Keep it');
    expect(fake.calls.some((call) => call.channel === 'sessions:cancel')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.calls.some((call) => call.channel === 'sessions:cancel')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel clip.mp4 on @alice' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel upload' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'sessions:cancel', request: { id: 'session-1' } });
  });

  it('closes the cancel question on Esc', async () => {
    renderRow({ state: 'ready' });
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel clip.mp4 on @alice' }));
    await fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

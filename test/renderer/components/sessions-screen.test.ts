// The Sessions screen as a user works it: a retry counted down, forget with undo in place, bulk actions
// on ticked sessions, sorting, thumbnails, and the detail view's request history and full error.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../main/common/request-history.ts';
import SessionRow from '../../../renderer/src/components/SessionRow.svelte';
import UndoToast from '../../../renderer/src/components/UndoToast.svelte';
import Sessions from '../../../renderer/src/screens/Sessions.svelte';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { SessionsState } from '../../../renderer/src/state/sessions.svelte.ts';
import { createFakeApp, fakeApi, fakeSession } from '../../fakes/contract-handlers.ts';

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

afterEach(cleanup);

const failed = (id: string, createdAt: number, fileName: string) =>
  fakeSession({
    id,
    createdAt,
    fileName,
    state: 'failed',
    error: { kind: 'server', message: 'APPEND segment 0: X had a server error: Over capacity', retryable: true },
  });

async function screenWith(sessions: ReturnType<typeof fakeSession>[]) {
  const fake = createFakeApp();
  fake.sessions = sessions;
  const app = new AppState(fakeApi(fake));
  await app.sessions.load();
  render(Sessions, { app });
  render(UndoToast, { queue: app.undo });
  return { fake, app };
}

describe('a session row', () => {
  it('counts a retry down instead of showing a rate: "Retrying (attempt 2) in 3 s"', async () => {
    const fake = createFakeApp();
    const session = fakeSession({ state: 'uploading', totalBytes: 4_000_000 });
    const sessions = new SessionsState(fakeApi(fake));
    const progress = {
      sessionId: session.id,
      state: 'uploading' as const,
      bytesSent: 1_000_000,
      totalBytes: 4_000_000,
      segmentsAcked: 1,
      segmentsTotal: 4,
      rateBps: 900_000,
      etaSec: 3,
      processingPercent: null,
      retry: { attempt: 2, at: 1_003_000 },
    };
    const props = { session, progress, sessions, now: 1_000_000, accountText: '@alice', accounts: [] };
    const { rerender } = render(SessionRow, props);
    expect(screen.getByText('Retrying (attempt 2) in 3 s')).toBeTruthy();
    expect(screen.queryByText(/left$/)).toBeNull();
    await rerender({ ...props, now: 1_001_100 });
    expect(screen.getByText('Retrying (attempt 2) in 2 s')).toBeTruthy();
  });

  it("shows the file's thumbnail", () => {
    const fake = createFakeApp();
    const session = fakeSession({
      mediaType: 'image/png',
      fileName: 'photo.png',
      previewUrl: 'xfer-media://session_x',
    });
    const sessions = new SessionsState(fakeApi(fake));
    const { container } = render(SessionRow, {
      session,
      progress: undefined,
      sessions,
      now: 0,
      accountText: '@alice',
      accounts: [],
    });
    expect(container.querySelector('.thumb img')?.getAttribute('src')).toBe('xfer-media://session_x');
  });

  it('draws an icon in place of a thumbnail that does not load (its file gone, or a frame the browser cannot draw)', async () => {
    const fake = createFakeApp();
    const rowOf = (mediaType: string, fileName: string) =>
      render(SessionRow, {
        session: fakeSession({ id: fileName, mediaType, fileName, previewUrl: `xfer-media://session_${fileName}` }),
        progress: undefined,
        sessions: new SessionsState(fakeApi(fake)),
        now: 0,
        accountText: '@alice',
        accounts: [],
      }).container;
    const image = rowOf('image/png', 'gone.png');
    const video = rowOf('video/mp4', 'gone.mp4');
    await fireEvent.error(image.querySelector('.thumb img')!);
    await fireEvent.error(video.querySelector('.thumb video')!);
    expect(image.querySelector('.thumb img')).toBeNull();
    expect(image.querySelector('[data-thumb]')?.getAttribute('data-thumb')).toBe('file');
    expect(video.querySelector('.thumb video')).toBeNull();
    expect(video.querySelector('[data-thumb]')?.getAttribute('data-thumb')).toBe('film');
  });

  it('keeps a video frame of some size, and draws the film icon for one of none (HEVC in Chromium)', async () => {
    const rowWithWidth = async (fileName: string, videoWidth: number) => {
      const container = render(SessionRow, {
        session: fakeSession({
          id: fileName,
          mediaType: 'video/mp4',
          fileName,
          previewUrl: `xfer-media://session_${fileName}`,
        }),
        progress: undefined,
        sessions: new SessionsState(fakeApi(createFakeApp())),
        now: 0,
        accountText: '@alice',
        accounts: [],
      }).container;
      const video = container.querySelector('.thumb video') as HTMLVideoElement;
      Object.defineProperty(video, 'videoWidth', { value: videoWidth });
      await fireEvent(video, new Event('loadedmetadata'));
      return container.querySelector('[data-thumb]')?.getAttribute('data-thumb');
    };
    expect(await rowWithWidth('h264.mp4', 640)).toBe('picture');
    expect(await rowWithWidth('hevc.mp4', 0)).toBe('film');
  });
});

describe('the Sessions screen', () => {
  it('forgets with an undo: the row says so in place (nothing slides under the pointer) and Undo brings it back', async () => {
    const { fake } = await screenWith([
      fakeSession({ id: 'a', createdAt: 1, fileName: 'a.png', state: 'succeeded', mediaId: '1' }),
      fakeSession({ id: 'b', createdAt: 2, fileName: 'b.png', state: 'succeeded', mediaId: '2' }),
    ]);
    const rowsBefore = document.querySelectorAll('[data-session-id]');
    await fireEvent.click(screen.getByRole('button', { name: /^Forget a\.png/ }));
    expect(document.querySelector('[data-session-id="a"]')?.getAttribute('data-forgotten')).toBe('true');
    expect(document.querySelectorAll('[data-session-id]')).toHaveLength(rowsBefore.length);
    expect(screen.getByText('Forgot a.png.')).toBeTruthy(); // the toast
    await fireEvent.click(screen.getByRole('button', { name: 'Undo forget a.png' }));
    expect(screen.getByRole('button', { name: /^Forget a\.png/ })).toBeTruthy();
    expect(fake.calls.some((call) => call.channel === 'sessions:forget')).toBe(false);
  });

  it('retries three failed sessions at once from the selection', async () => {
    const { fake } = await screenWith([
      failed('f1', 1, 'one.mp4'),
      failed('f2', 2, 'two.mp4'),
      fakeSession({ id: 'ok', createdAt: 3, fileName: 'done.mp4', state: 'succeeded', mediaId: '9' }),
      failed('f3', 4, 'three.mp4'),
    ]);
    const bulk = screen.getByRole('toolbar', { name: 'Selected sessions' });
    expect((within(bulk).getByRole('button', { name: 'Retry' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(within(bulk).getByRole('checkbox'));
    expect(within(bulk).getByText('4 selected')).toBeTruthy();
    await fireEvent.click(within(bulk).getByRole('button', { name: 'Retry 3' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const retried = fake.calls.filter((call) => call.channel === 'sessions:retry').map((call) => call.request);
    expect(retried).toEqual([{ id: 'f1' }, { id: 'f2' }, { id: 'f3' }]);
  });

  it('asks before cancelling the ticked sessions, and Keep them cancels nothing', async () => {
    const { fake } = await screenWith([
      fakeSession({ id: 'r1', createdAt: 1, fileName: 'r1.mp4', state: 'ready' }),
      fakeSession({ id: 'r2', createdAt: 2, fileName: 'r2.mp4', state: 'ready' }),
    ]);
    await fireEvent.click(screen.getByRole('checkbox', { name: /^Select r1\.mp4/ }));
    await fireEvent.click(screen.getByRole('checkbox', { name: /^Select r2\.mp4/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel 2' }));
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).getByText('Cancel 2 uploads?')).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Keep them' }));
    expect(fake.calls.some((call) => call.channel === 'sessions:cancel')).toBe(false);
  });

  it('lists rows in the order added, and by name when asked', async () => {
    await screenWith([
      fakeSession({ id: 'z', createdAt: 1, fileName: 'zebra.png' }),
      fakeSession({ id: 'a', createdAt: 2, fileName: 'ant.png' }),
    ]);
    const order = () =>
      [...document.querySelectorAll('[data-session-id]')].map((row) => row.getAttribute('data-session-id'));
    expect(order()).toEqual(['z', 'a']);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'name' } });
    expect(order()).toEqual(['a', 'z']);
  });

  it("opens a detail with the full error, the thumbnail and the request history in X's words", async () => {
    const fake = createFakeApp();
    const session = failed('f1', 1, 'clip.mp4');
    fake.sessions = [{ ...session, previewUrl: 'xfer-media://session_f1' }];
    const record: RequestRecord = {
      at: Date.UTC(2026, 11, 1, 18, 44),
      request: 'APPEND segment 0',
      outcome: 'retry',
      status: 503,
      errorKind: 'server',
      message: 'APPEND segment 0: X had a server error: Over capacity',
      nextAttempt: 2,
      nextAt: Date.UTC(2026, 11, 1, 18, 44, 3),
    };
    fake.history.set('f1', [
      {
        ...record,
        request: 'INIT',
        outcome: 'ok',
        status: null,
        errorKind: null,
        message: null,
        nextAttempt: null,
        nextAt: null,
      },
      record,
    ]);
    const app = new AppState(fakeApi(fake));
    await app.sessions.load();
    render(Sessions, { app });
    await fireEvent.click(screen.getByRole('button', { name: /^Details of clip\.mp4/ }));
    const detail = await screen.findByRole('complementary');
    const history = await within(detail).findByRole('list');
    const items = within(history).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('APPEND segment 0');
    expect(items[0]!.textContent).toContain('HTTP 503');
    expect(items[0]!.textContent).toContain('X had a server error: Over capacity');
    expect(items[0]!.textContent).toContain('attempt 2');
    expect(within(detail).getByRole('region', { name: 'Error' }).textContent).toContain(
      'APPEND segment 0: X had a server error: Over capacity',
    );
    expect(within(detail).getByLabelText('Preview of clip.mp4').getAttribute('src')).toBe('xfer-media://session_f1');
    await fireEvent.error(within(detail).getByLabelText('Preview of clip.mp4'));
    expect(within(detail).getByRole('img', { name: 'clip.mp4: no preview' })).toBeTruthy();
  });
});

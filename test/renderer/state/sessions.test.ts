import { describe, expect, it } from 'vitest';
import { PAUSED_NOTICE } from '../../../main/common/notices.ts';
import { SessionsState } from '../../../renderer/src/state/sessions.svelte.ts';
import { createFakeApp, fakeApi, fakeSession } from '../../fakes/contract-handlers.ts';

async function loaded() {
  const app = createFakeApp();
  app.sessions = [
    fakeSession({ id: 'old', createdAt: 1, accountId: 'a', state: 'succeeded', mediaId: '111' }),
    fakeSession({ id: 'new', createdAt: 3, accountId: 'b', state: 'failed' }),
    fakeSession({ id: 'mid', createdAt: 2, accountId: 'a', state: 'ready' }),
  ];
  const state = new SessionsState(fakeApi(app));
  const stop = state.start();
  await state.load();
  return { app, state, stop };
}

describe('SessionsState', () => {
  it('lists sessions in the order they were added, and sorts by name or state when asked', async () => {
    const { app, state } = await loaded();
    expect(state.visible.map((session) => session.id)).toEqual(['old', 'mid', 'new']);
    app.hub.emit('sessionChanged', fakeSession({ id: 'mid', createdAt: 2, fileName: 'a.png', state: 'ready' }));
    app.hub.emit('sessionChanged', fakeSession({ id: 'new', createdAt: 3, fileName: 'b10.png', state: 'failed' }));
    app.hub.emit('sessionChanged', fakeSession({ id: 'old', createdAt: 1, fileName: 'b9.png', state: 'succeeded' }));
    state.sortBy = 'name';
    expect(state.visible.map((session) => session.fileName)).toEqual(['a.png', 'b9.png', 'b10.png']);
    state.sortBy = 'state';
    expect(state.visible.map((session) => session.state)).toEqual(['ready', 'succeeded', 'failed']);
  });

  it('filters by account and by state together', async () => {
    const { state } = await loaded();
    state.accountFilter = 'a';
    expect(state.visible.map((session) => session.id)).toEqual(['old', 'mid']);
    state.stateFilter = 'succeeded';
    expect(state.visible.map((session) => session.id)).toEqual(['old']);
  });

  it('replaces a session when main says it changed, and adds one it did not know', async () => {
    const { app, state } = await loaded();
    app.hub.emit('sessionChanged', fakeSession({ id: 'mid', createdAt: 2, state: 'uploading' }));
    app.hub.emit('sessionChanged', fakeSession({ id: 'newest', createdAt: 9 }));
    expect(state.list.find((session) => session.id === 'mid')?.state).toBe('uploading');
    expect(state.visible.at(-1)?.id).toBe('newest');
  });

  it('keeps the newest progress of each session from batched events', async () => {
    const { app, state } = await loaded();
    const tick = {
      state: 'uploading' as const,
      totalBytes: 100,
      segmentsAcked: 0,
      segmentsTotal: 1,
      rateBps: 10,
      etaSec: 5,
      processingPercent: null,
    };
    app.hub.emit('progress', [{ ...tick, sessionId: 'mid', bytesSent: 10 }]);
    app.hub.emit('progress', [
      { ...tick, sessionId: 'mid', bytesSent: 60 },
      { ...tick, sessionId: 'new', bytesSent: 5 },
    ]);
    expect(state.progress.get('mid')?.bytesSent).toBe(60);
    expect(state.progress.get('new')?.bytesSent).toBe(5);
  });

  it('stops listening once stopped', async () => {
    const { app, state, stop } = await loaded();
    stop();
    app.hub.emit('sessionRemoved', { id: 'mid' });
    expect(state.list).toHaveLength(3);
  });

  it('keeps the summary of the last finished batch', async () => {
    const { app, state } = await loaded();
    app.hub.emit('batchFinished', { succeeded: 2, failed: 1 });
    expect(state.lastBatch).toEqual({ succeeded: 2, failed: 1 });
  });

  it('remembers sent sessions as queued until they leave ready', async () => {
    const { app, state } = await loaded();
    await state.send(['mid']);
    expect(state.queued.has('mid')).toBe(true);
    app.hub.emit('sessionChanged', fakeSession({ id: 'mid', createdAt: 2, state: 'uploading' }));
    expect(state.queued.has('mid')).toBe(false);
  });

  it('drops a session main removed', async () => {
    const { app, state } = await loaded();
    app.hub.emit('sessionRemoved', { id: 'mid' });
    expect(state.list.map((session) => session.id)).not.toContain('mid');
  });

  it('copies a media id through main and remembers it for the confirmation', async () => {
    const { app, state } = await loaded();
    expect(await state.copyMediaId('old')).toBe('111');
    expect(state.copied).toBe('111');
    expect(app.calls.at(-1)).toEqual({ channel: 'sessions:copyMediaId', request: { id: 'old' } });
  });

  it('keeps the failure of an action as a value to show', async () => {
    const { state } = await loaded();
    expect(await state.copyMediaId('new')).toBeNull();
    expect(state.error?.message).toBe('No media id yet');
  });

  it('marks a forgotten session at once and forgets it through main once the undo time is over', async () => {
    const { app, state } = await loaded();
    state.forget('old');
    expect([...state.forgetting]).toEqual(['old']);
    expect(app.calls.some((call) => call.channel === 'sessions:forget')).toBe(false);
    expect(state.undo.current?.message).toBe('Forgot clip.mp4.');
    await state.undo.flush();
    expect(app.calls.at(-1)).toEqual({ channel: 'sessions:forget', request: { id: 'old' } });
    expect(state.list.map((session) => session.id).sort()).toEqual(['mid', 'new']);
  });

  it('undoes a forget within the undo time: main never hears of it', async () => {
    const { app, state } = await loaded();
    state.forget('old');
    state.undo.undo();
    await state.undo.flush();
    expect(state.forgetting.size).toBe(0);
    expect(state.visible.map((session) => session.id)).toEqual(['old', 'mid', 'new']);
    expect(app.calls.some((call) => call.channel === 'sessions:forget')).toBe(false);
  });

  it('drops the last batch banner when the next batch starts', async () => {
    const { app, state } = await loaded();
    app.hub.emit('batchFinished', { succeeded: 1, failed: 0 });
    expect(state.lastBatch).toEqual({ succeeded: 1, failed: 0 });
    await state.send(['mid']);
    expect(state.lastBatch).toBeNull();
  });

  it('pauses a session through main and takes back the paused session it answers', async () => {
    const { app, state } = await loaded();
    app.hub.emit('sessionChanged', fakeSession({ id: 'mid', createdAt: 2, state: 'uploading', segmentsAcked: 1 }));
    await state.pause('mid');
    expect(app.calls.at(-1)).toEqual({ channel: 'sessions:pause', request: { id: 'mid' } });
    expect(state.list.find((session) => session.id === 'mid')).toMatchObject({ state: 'ready', notice: PAUSED_NOTICE });
    expect(state.error).toBeNull();
  });

  it('no longer counts a session paused before its turn as queued', async () => {
    const { state } = await loaded();
    await state.send(['mid']);
    await state.pause('mid');
    expect(state.queued.has('mid')).toBe(false);
  });

  it('keeps a refused pause as the error to show', async () => {
    const { app, state } = await loaded();
    app.sessions = app.sessions.map((session) =>
      session.id === 'mid' ? { ...session, state: 'processing' as const } : session,
    );
    await state.pause('mid');
    expect(state.error?.kind).toBe('bad_request');
  });
});

// A clicked desktop notification (main's `navigate` event) opens its screen: a session's detail on
// Sessions, or the post on Posts.
import { describe, expect, it } from 'vitest';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { createFakeApp, fakeApi } from '../../fakes/contract-handlers.ts';

describe('navigate', () => {
  it('opens the session’s detail, or the Posts screen at the post', () => {
    const fake = createFakeApp();
    const app = new AppState(fakeApi(fake));
    const stop = app.start();
    fake.hub.emit('navigate', { screen: 'sessions', id: 'session-7' });
    expect(app.screen).toBe('sessions');
    expect(app.sessions.selectedId).toBe('session-7');
    fake.hub.emit('navigate', { screen: 'posts', id: 'post-3' });
    expect(app.screen).toBe('posts');
    expect(app.focusedPostId).toBe('post-3');
    stop();
    fake.hub.emit('navigate', { screen: 'sessions', id: null });
    expect(app.screen).toBe('posts'); // unsubscribed
  });
});

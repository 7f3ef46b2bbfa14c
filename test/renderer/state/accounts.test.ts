import { describe, expect, it } from 'vitest';
import { AccountsState } from '../../../renderer/src/state/accounts.svelte.ts';
import { ConnectivityState } from '../../../renderer/src/state/connectivity.svelte.ts';
import { createFakeApp, fakeAccount, fakeApi } from '../../fakes/contract-handlers.ts';

const connection = { name: 'alice', consumerKey: 'ck', consumerSecret: 'cs' };

describe('AccountsState', () => {
  it('lists the sandbox account first', async () => {
    const app = createFakeApp();
    app.accounts = [fakeAccount({ id: 'z', name: 'aaa', kind: 'x' }), fakeAccount()];
    const state = new AccountsState(fakeApi(app));
    await state.load();
    expect(state.sorted.map((account) => account.kind)).toEqual(['sandbox', 'x']);
  });

  it('runs a PIN login: start shows the authorize URL, the PIN finishes it', async () => {
    const app = createFakeApp();
    const state = new AccountsState(fakeApi(app));
    await state.startPinLogin(connection);
    expect(state.pinLogin?.authorizeUrl).toContain('/oauth/authorize');
    const added = await state.finishPinLogin('1234567');
    expect(added?.screenName).toBe('pinned');
    expect(state.pinLogin).toBeNull();
    expect(state.list.map((account) => account.id)).toContain('acct-pin');
  });

  it('keeps the login open and shows main’s words when the PIN is wrong', async () => {
    const app = createFakeApp();
    const state = new AccountsState(fakeApi(app));
    await state.startPinLogin(connection);
    expect(await state.finishPinLogin('0000000')).toBeNull();
    expect(state.error?.message).toBe('Invalid or expired PIN');
    expect(state.pinLogin).not.toBeNull();
  });

  it('shows the contract’s refusal of a malformed request as an error value', async () => {
    const app = createFakeApp();
    const state = new AccountsState(fakeApi(app));
    expect(await state.addWithTokens({ ...connection, name: 'has space', token: 't', tokenSecret: 's' })).toBeNull();
    expect(state.error?.kind).toBe('bad_request');
  });

  it('removes an account through main', async () => {
    const app = createFakeApp();
    const state = new AccountsState(fakeApi(app));
    await state.load();
    expect(await state.remove('acct-sandbox')).toBe(true);
    expect(state.list).toEqual([]);
  });

  it('follows accountsChanged events', () => {
    const app = createFakeApp();
    const state = new AccountsState(fakeApi(app));
    state.start();
    app.hub.emit('accountsChanged', [fakeAccount({ id: 'q' })]);
    expect(state.list.map((account) => account.id)).toEqual(['q']);
  });
});

describe('ConnectivityState', () => {
  it('follows status events for online and offline', () => {
    const app = createFakeApp();
    const state = new ConnectivityState(fakeApi(app));
    state.start();
    app.hub.emit('status', {
      online: false,
      workOffline: false,
      waitingForConnection: 2,
      queued: 0,
      active: 0,
      paused: [],
    });
    expect(state.online).toBe(false);
    expect(state.status.waitingForConnection).toBe(2);
  });
});

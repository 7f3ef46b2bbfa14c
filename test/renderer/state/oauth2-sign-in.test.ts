import { describe, expect, it } from 'vitest';
import { fail } from '../../../main/common/errors.ts';
import { OAuth2SignInState } from '../../../renderer/src/state/oauth2-sign-in.svelte.ts';
import { createFakeApp, fakeApi } from '../../fakes/contract-handlers.ts';

const request = { name: 'bob', clientId: 'client', tier: 'standard' as const };

describe('OAuth2SignInState', () => {
  it('shows the sign-in as pending while main waits for the browser, then resolves with the account', async () => {
    const app = createFakeApp();
    const state = new OAuth2SignInState(fakeApi(app));
    const signingIn = state.signIn(request);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const added = await signingIn;
    expect(added?.oauth2?.clientId).toBe('c');
    expect(state.pending).toBeNull();
    expect(state.error).toBeNull();
  });

  it("shows main's words when the sign-in fails, and nothing when the user cancelled", async () => {
    const app = createFakeApp();
    app.handlers['accounts:finishOAuth2SignIn'] = async () => fail('auth', 'X did not authorize Xfer: denied');
    const state = new OAuth2SignInState(fakeApi(app));
    expect(await state.signIn(request)).toBeNull();
    expect(state.error?.message).toContain('denied');
    app.handlers['accounts:finishOAuth2SignIn'] = async () => fail('cancelled', 'Sign-in cancelled');
    expect(await state.signIn(request)).toBeNull();
    expect(state.error).toBeNull();
  });
});

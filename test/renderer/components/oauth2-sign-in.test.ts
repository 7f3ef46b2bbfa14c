// The OAuth 2.0 parts of the Accounts screen (issue 15, UI): the form names the redirect URI to register,
// the wait for the browser shows the authorize address with a Cancel that ends main's sign-in, and an
// OAuth 2.0 account's card says how it signs in: until when and that it refreshes, or "sign in again".
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../../main/common/errors.ts';
import { formatDateTime } from '../../../renderer/src/lib/format.ts';
import { fakeAccount } from '../../fakes/contract-handlers.ts';
import { renderAccounts } from './render-accounts.ts';

afterEach(cleanup);

const EXPIRES = 1_800_000_000_000;

describe('Sign in with X (OAuth 2.0)', () => {
  it('names the redirect URI to register, waits for the browser, and Cancel ends the sign-in in main', async () => {
    const { fake } = renderAccounts((fake) => {
      // Main waits for the browser until the sign-in is cancelled.
      let cancelled: () => void = () => undefined;
      fake.handlers['accounts:finishOAuth2SignIn'] = () =>
        new Promise((_, reject) => {
          cancelled = () => {
            try {
              fail('cancelled', 'Sign-in cancelled');
            } catch (thrown) {
              reject(thrown as Error);
            }
          };
        });
      fake.handlers['accounts:cancelOAuth2SignIn'] = async () => {
        cancelled();
        return { cancelled: true };
      };
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    await fireEvent.click(screen.getByLabelText('Sign in with X (OAuth 2.0)'));
    await fireEvent.input(screen.getByLabelText(/Name in Xfer/), { target: { value: 'bearer' } });
    await fireEvent.input(screen.getByLabelText(/OAuth 2.0 client ID/), { target: { value: 'client-1' } });
    const help = () => screen.getByText(/Register exactly/).textContent ?? '';
    expect(help()).toContain('http://127.0.0.1:53682/callback'); // the default, as X wants it: 127.0.0.1
    await fireEvent.input(screen.getByLabelText(/Redirect URI/), {
      target: { value: 'http://127.0.0.1:8080/callback' },
    });
    expect(help()).toContain('http://127.0.0.1:8080/callback');

    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with X' }));
    expect((await screen.findByRole('status')).textContent).toContain('Waiting for the browser');
    expect(screen.getByText('http://127.0.0.1:1/i/oauth2/authorize?client_id=c')).toBeTruthy();
    expect(fake.calls.find((call) => call.channel === 'accounts:startOAuth2SignIn')?.request).toMatchObject({
      name: 'bearer',
      clientId: 'client-1',
      redirectUri: 'http://127.0.0.1:8080/callback',
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.calls.find((call) => call.channel === 'accounts:cancelOAuth2SignIn')?.request).toEqual({
      signInId: 'signin-1',
    });
    // Back to the form, with nothing to report: a cancel is not an error.
    await screen.findByRole('button', { name: 'Sign in with X' });
    expect(screen.queryByText(/Waiting for the browser/)).toBeNull();
    expect(screen.queryByText(/cancelled/i)).toBeNull();
    expect(fake.accounts.map((account) => account.name)).not.toContain('bearer');
  });
});

describe('an OAuth 2.0 account’s card', () => {
  it('says OAuth 2.0, until when it is signed in, and that it refreshes automatically', async () => {
    renderAccounts((fake) => {
      fake.accounts.push(
        fakeAccount({
          id: 'acct-2',
          name: 'bearer',
          kind: 'x',
          screenName: 'bearer',
          oauth2: { clientId: 'c', accessExpiresAt: EXPIRES, signInAgain: false },
        }),
      );
    });
    const card = await screen.findByRole('listitem', { name: 'Account @bearer' });
    expect(card.textContent).toContain('OAuth 2.0');
    expect(card.querySelector('[data-oauth2-status]')?.textContent?.replace(/\s+/g, ' ')).toBe(
      `Signed in until ${formatDateTime(EXPIRES)}, refreshes automatically`,
    );
    expect(card.textContent).not.toContain('Sign in again');
  });

  it('says "sign in again" when X refused the refresh, and its button signs that account in again', async () => {
    const { fake } = renderAccounts((fake) => {
      fake.accounts.push(
        fakeAccount({
          id: 'acct-3',
          name: 'lapsed',
          kind: 'x',
          screenName: 'lapsed',
          oauth2: { clientId: 'c', accessExpiresAt: EXPIRES, signInAgain: true },
        }),
      );
      fake.handlers['accounts:finishOAuth2SignIn'] = () => new Promise(() => undefined); // still in the browser
    });
    const card = await screen.findByRole('listitem', { name: 'Account @lapsed' });
    expect(card.textContent).toContain('Sign in again: X no longer accepts this sign-in (sessions are kept)');
    expect(card.textContent).not.toContain('refreshes automatically');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign @lapsed in again' }));
    await waitFor(() =>
      expect(fake.calls.find((call) => call.channel === 'accounts:startOAuth2SignInAgain')?.request).toMatchObject({
        id: 'acct-3',
      }),
    );
  });
});

import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../../main/common/errors.ts';
import { renderAccounts } from './render-accounts.ts';

afterEach(cleanup);

describe('Add account', () => {
  it('opens with focus in the first field, says why the button is disabled, and Esc closes it', async () => {
    renderAccounts();
    await fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    expect(document.activeElement).toBe(screen.getByLabelText(/Name in Xfer/));
    const open = screen.getByRole('button', { name: 'Open X to sign in' });
    expect((open as HTMLButtonElement).disabled).toBe(true);
    expect(open.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(open.getAttribute('aria-describedby')!)?.textContent).toContain(
      'a name (letters, digits, and . _ @ - only), the consumer key, the consumer secret',
    );
    expect(screen.getByText(/API Key Secret/).textContent).toContain("X's developer portal");
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Add an account' })).toBeNull();
  });

  it('checks the keychain as it opens: a short message, one fix, the raw error behind Details', async () => {
    renderAccounts((fake) => {
      fake.keychain = {
        ok: false,
        message: 'No Secret Service is available (org.freedesktop.DBus.Error.ServiceUnknown)',
      };
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    const alert = await screen.findByText(/the system keychain isn't available/);
    expect(alert.textContent).toContain('then check again');
    expect(screen.getByText('Details')).toBeTruthy();
    expect(screen.getByText(/ServiceUnknown/).closest('details')).toBeTruthy();
  });

  it('a wrong PIN says "That PIN is wrong or has expired", with X\'s words as the detail', async () => {
    const { fake } = renderAccounts();
    fake.handlers['accounts:finishPinLogin'] = async () =>
      fail('auth', 'That PIN is wrong or has expired: type it again (X said: Invalid oauth_verifier parameter)');
    await fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    await fireEvent.input(screen.getByLabelText(/Name in Xfer/), { target: { value: 'work' } });
    await fireEvent.input(screen.getByLabelText(/Consumer key/), { target: { value: 'ck' } });
    await fireEvent.input(screen.getByLabelText(/Consumer secret/), { target: { value: 'cs' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Open X to sign in' }));
    await fireEvent.input(await screen.findByRole('textbox', { name: 'PIN' }), { target: { value: '1111111' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Finish sign-in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That PIN is wrong or has expired: type it again.');
    expect(alert.querySelector('details')?.textContent).toContain('Invalid oauth_verifier parameter');
  });
});

describe('Accounts after adding', () => {
  it('edits the name and tier of an account in place', async () => {
    const { fake } = renderAccounts();
    const [first] = fake.accounts;
    const label = first!.screenName ? `@${first!.screenName}` : first!.name;
    await fireEvent.click(await screen.findByRole('button', { name: `Edit ${label}` }));
    const name = screen.getByLabelText(/Name in Xfer/);
    expect(document.activeElement).toBe(name);
    await fireEvent.input(name, { target: { value: 'renamed' } });
    await fireEvent.change(screen.getByLabelText('Tier'), { target: { value: 'premium' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.accounts[0]).toMatchObject({ name: 'renamed', tier: 'premium' }));
    expect(fake.calls.find((call) => call.channel === 'accounts:edit')?.request).toEqual({
      id: first!.id,
      name: 'renamed',
      tier: 'premium',
    });
  });

  it('adds a sandbox user in one step', async () => {
    const { fake } = renderAccounts();
    await fireEvent.click(screen.getByRole('button', { name: 'Add sandbox user' }));
    await waitFor(() => expect(fake.accounts.map((account) => account.name)).toContain('sandbox-2'));
    expect(await screen.findByRole('listitem', { name: 'Account @xfer_demo_two' })).toBeTruthy();
  });
});

import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import OfflineBanner from '../../../renderer/src/components/OfflineBanner.svelte';
import { ConnectivityState } from '../../../renderer/src/state/connectivity.svelte.ts';
import { createFakeApp, fakeApi } from '../../fakes/contract-handlers.ts';

afterEach(cleanup);

function renderBanner(status: Partial<ReturnType<typeof createFakeApp>['status']>) {
  const fake = createFakeApp();
  fake.status = { ...fake.status, ...status };
  const connectivity = new ConnectivityState(fakeApi(fake));
  connectivity.status = fake.status;
  render(OfflineBanner, { connectivity });
  return { fake, connectivity };
}

describe('OfflineBanner', () => {
  it('says nothing while online', () => {
    renderBanner({});
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says the user is offline, how many uploads wait, and offers to try again now', async () => {
    const { fake } = renderBanner({ online: false, queued: 2, waitingForConnection: 2 });
    expect(screen.getByRole('alert').textContent).toContain("You're offline");
    expect(screen.getByRole('alert').textContent).toContain('2 uploads wait and resume');
    await fireEvent.click(screen.getByRole('button', { name: 'Try again now' }));
    expect(fake.calls.map((call) => call.channel)).toContain('queue:tryAgainNow');
  });

  it('"Work offline" holds sending through main and then says how to go back online', async () => {
    const { fake } = renderBanner({ online: false, queued: 1 });
    await fireEvent.click(screen.getByRole('button', { name: 'Work offline' }));
    expect(fake.calls.find((call) => call.channel === 'queue:setWorkOffline')?.request).toEqual({ workOffline: true });
    expect((await screen.findByRole('status')).textContent).toContain('Working offline');
    await fireEvent.click(screen.getByRole('button', { name: 'Go back online' }));
    expect(fake.calls.filter((call) => call.channel === 'queue:setWorkOffline').at(-1)?.request).toEqual({
      workOffline: false,
    });
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(screen.getByRole('button', { name: 'Try again now' })).toBeTruthy();
  });
});

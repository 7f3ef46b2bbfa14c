// The Accounts screen over the fake app, for the component tests: `setup` adjusts the fake before it renders.
import { render } from '@testing-library/svelte';
import Accounts from '../../../renderer/src/screens/Accounts.svelte';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { createFakeApp, fakeApi } from '../../fakes/contract-handlers.ts';

export function renderAccounts(setup: (fake: ReturnType<typeof createFakeApp>) => void = () => undefined) {
  const fake = createFakeApp();
  setup(fake);
  const app = new AppState(fakeApi(fake));
  app.accounts.start();
  render(Accounts, { app });
  return { fake, app };
}

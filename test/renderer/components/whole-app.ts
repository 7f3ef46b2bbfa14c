// The whole window (App.svelte) on the fake api, for tests that go through it as a user does: jsdom lacks
// ResizeObserver (the virtual list asks for one), and a click's effects land after a few rounds of tasks.
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import App from '../../../renderer/src/App.svelte';
import { createFakeApp, fakeApi } from '../../fakes/contract-handlers.ts';

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

/** Lets pending answers of the fake api and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
  }
}

/** Renders App on a fresh fake (set up first by `setUp`) and waits for its first loads. */
export async function openApp(
  platform = 'Linux x86_64',
  setUp: (fake: ReturnType<typeof createFakeApp>) => void = () => {},
): Promise<ReturnType<typeof createFakeApp>> {
  const fake = createFakeApp();
  setUp(fake);
  render(App, { api: fakeApi(fake), platform });
  await settle();
  return fake;
}

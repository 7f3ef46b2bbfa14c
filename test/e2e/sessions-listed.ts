// Files on the Sessions screen as a user puts them there: picked (the test dialog's answer), prepared from the
// Prepare screen, then shown as rows. Rows are found by their file's name, never by being first.
import type { Locator } from 'playwright-core';
import type { E2eWorld } from './setup.ts';

export function sessionRow(world: E2eWorld, name: string): Locator {
  return world.page.locator('[data-session-id]').filter({ hasText: name });
}

/** Prepares `paths` and opens Sessions once each has its row; returns the files' names. */
export async function prepareOnSessions(world: E2eWorld, paths: readonly string[]): Promise<string[]> {
  const names = paths.map((path) => path.split('/').at(-1)!);
  await world.control('pick', { paths });
  await world.page.getByRole('button', { name: 'Add files…' }).click();
  await world.page.getByRole('button', { name: /^Prepare \d+$/ }).click();
  await world.page.getByRole('tab', { name: /Sessions/ }).click();
  for (const name of names) await sessionRow(world, name).waitFor();
  return names;
}

import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Prepare from '../../../renderer/src/screens/Prepare.svelte';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { createFakeApp, fakeApi, fakeInspection } from '../../fakes/contract-handlers.ts';

async function withFiles(...inspections: ReturnType<typeof fakeInspection>[]) {
  const fake = createFakeApp();
  const app = new AppState(fakeApi(fake));
  await app.accounts.load();
  fake.queuePick(inspections.map((inspection) => fake.addFile(inspection).fileId));
  render(Prepare, { app });
  await fireEvent.click(screen.getByRole('button', { name: 'Add files…' }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  await tick();
  return { fake, app };
}

const oversize = fakeInspection({ name: 'huge.png', totalBytes: 6 * 1_048_576 });
const mislabelled = fakeInspection({ name: 'clip.mp4', extensionType: 'video/mp4' });

afterEach(cleanup);

describe('Prepare screen', () => {
  it('shows total_bytes, media_type and media_category field by field for each file', async () => {
    await withFiles(oversize);
    const card = screen.getByRole('article', { name: 'huge.png' });
    const size = within(card).getByRole('group', { name: /total_bytes/ });
    expect(size.dataset['status']).toBe('error');
    expect(size.textContent).toContain('6,291,456 bytes');
    expect(size.textContent).toMatch(/Limit: .*5/);
    expect(within(card).getByRole('group', { name: /media_type/ }).dataset['status']).toBe('ok');
    expect(within(card).getByRole('group', { name: /media_category/ }).textContent).toContain('tweet_image');
    expect(within(card).getByRole('status').textContent).toContain('Needs attention');
  });

  it('says when the name’s extension does not match the bytes', async () => {
    await withFiles(mislabelled);
    const card = screen.getByRole('article', { name: 'clip.mp4' });
    const type = within(card).getByRole('group', { name: /media_type/ });
    expect(type.querySelectorAll('.finding').length).toBeGreaterThan(0);
  });

  it('offers the suggested category and re-checks when it is taken', async () => {
    const gif = fakeInspection({
      name: 'loop.gif',
      mediaType: 'image/gif',
      extensionType: 'image/gif',
      kind: 'gif',
      image: undefined,
      gif: { width: 64, height: 64, frames: 9, animated: true },
    });
    const { fake, app } = await withFiles(gif);
    await app.prepare.setCategory(app.prepare.items[0]!, 'tweet_image');
    await tick();
    await fireEvent.click(screen.getByRole('button', { name: 'Use tweet_gif' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    expect(fake.calls.filter((call) => call.channel === 'files:check').at(-1)?.request).toMatchObject({
      category: 'tweet_gif',
    });
    expect(screen.getByRole('article', { name: 'loop.gif' }).dataset['overall']).toBe('ok');
  });

  it('counts alt text live against 1,000', async () => {
    await withFiles(fakeInspection());
    const field = screen.getByLabelText('Alt text');
    await fireEvent.input(field, { target: { value: 'x'.repeat(1001) } });
    const count = screen.getByText(/characters$/);
    expect(count.textContent).toContain('1,001 / 1,000 characters');
    expect(field.getAttribute('aria-invalid')).toBe('true');
  });

  it('marks typed owners that are not digits', async () => {
    await withFiles(fakeInspection());
    const field = screen.getByLabelText(/Other user ids/);
    await fireEvent.input(field, { target: { value: '123, bob' } });
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const help = document.getElementById(field.getAttribute('aria-describedby')!);
    expect(help?.textContent?.trim()).toBe('Not user ids (digits only): bob');
    expect(screen.getByRole('list', { name: /can be prepared/ }).textContent).toContain(
      'Not user ids (digits only): bob',
    );
  });
});

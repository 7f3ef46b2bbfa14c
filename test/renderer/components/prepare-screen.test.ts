import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import UndoToast from '../../../renderer/src/components/UndoToast.svelte';
import Prepare from '../../../renderer/src/screens/Prepare.svelte';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { createFakeApp, fakeApi, fakeInspection } from '../../fakes/contract-handlers.ts';
import { PHONE_VIDEO } from '../../fakes/inspections.ts';

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

  it('lists a file of no recognised type under no category (not the tweet_image it is checked under)', async () => {
    await withFiles(fakeInspection({ name: 'noise.mp4', mediaType: null, kind: 'unknown', image: undefined }));
    const card = screen.getByRole('article', { name: 'noise.mp4' });
    const category = within(card).getByRole('group', { name: /media_category/ });
    expect(category.textContent).toContain('unknown');
    expect(category.textContent).not.toContain('tweet_image');
    expect(category.getAttribute('title')).toBeNull(); // no stand-in limit (tweet_image's "still image")
    expect(category.textContent).not.toContain('still image');
    // The picker does not preselect a category either.
    const picker = within(card).getByRole('combobox', { name: /Category/ }) as HTMLSelectElement;
    expect(picker.selectedOptions[0]?.textContent).toBe('unknown: not a media file');
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
    await fireEvent.click(screen.getByRole('button', { name: 'Add alt text' }));
    const field = screen.getByLabelText('Alt text');
    await fireEvent.input(field, { target: { value: 'x'.repeat(1001) } });
    const count = screen.getByText(/characters$/);
    expect(count.textContent).toContain('1,001 / 1,000 characters');
    expect(field.getAttribute('aria-invalid')).toBe('true');
  });

  it('marks typed owners that are not digits', async () => {
    await withFiles(fakeInspection());
    await fireEvent.click(screen.getByRole('button', { name: 'More options' }));
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

const video = fakeInspection({
  name: 'clip.mp4',
  mediaType: 'video/mp4',
  extensionType: 'video/mp4',
  kind: 'video',
  totalBytes: 2_000_000,
  image: undefined,
  video: { ...PHONE_VIDEO, durationSec: 12 },
});

describe('Prepare cards, compact', () => {
  it('collapses a passing file’s checks to one line of chips; a failing field stays in full with its limit', async () => {
    await withFiles(fakeInspection(), oversize);
    const passing = screen.getByRole('article', { name: 'photo.png' });
    expect(passing.querySelectorAll('.field')).toHaveLength(0);
    expect([...passing.querySelectorAll('.chip')].map((chip) => chip.getAttribute('data-field'))).toEqual([
      'total_bytes',
      'media_type',
      'media_category',
    ]);
    expect(passing.textContent).not.toContain('Limit:');

    const failing = screen.getByRole('article', { name: 'huge.png' });
    expect(failing.querySelector('.field[data-field="total_bytes"]')?.textContent).toMatch(/Limit: .*5/);
    expect(failing.querySelectorAll('.chip')).toHaveLength(2); // type and category passed

    await fireEvent.click(within(passing).getByRole('button', { name: 'Details' }));
    expect(passing.querySelectorAll('.field')).toHaveLength(3);
  });

  it('sums a video up in plain words and keeps the codec strings for the details', async () => {
    await withFiles(video);
    const card = screen.getByRole('article', { name: 'clip.mp4' });
    const facts = card.querySelector('.facts > span')!.textContent!;
    expect(facts).toContain('Video · 12 s · 1280×720');
    expect(facts).not.toMatch(/avc1|mp4a|H\.264/);
    await fireEvent.click(within(card).getByRole('button', { name: 'Details' }));
    expect(card.querySelector('[data-detail]')?.textContent).toBe(
      'H.264 High (avc1.640028) · 30 fps · yuv420p · audio AAC-LC (mp4a.40.2), 2 ch',
    );
  });

  it('draws a film icon for a video with no frame to show', async () => {
    await withFiles(video);
    const card = screen.getByRole('article', { name: 'clip.mp4' });
    expect(card.querySelector('[data-thumb]')?.getAttribute('data-thumb')).toBe('film');
    expect(within(card).getByRole('img', { name: 'clip.mp4: no preview' })).toBeTruthy();
  });

  it('says “checking…”, not “Unreadable”, while the file is being read', async () => {
    const fake = createFakeApp();
    const api = fakeApi(fake);
    let release: () => void = () => undefined;
    const check = api.files.check;
    api.files.check = async (request) => {
      await new Promise<void>((resolve) => (release = resolve));
      return check(request);
    };
    const app = new AppState(api);
    await app.accounts.load();
    fake.queuePick([fake.addFile(fakeInspection()).fileId]);
    render(Prepare, { app });
    await fireEvent.click(screen.getByRole('button', { name: 'Add files…' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    const card = screen.getByRole('article', { name: 'photo.png' });
    expect(card.textContent).toContain('checking…');
    expect(card.textContent).not.toContain('Unreadable');
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    expect(card.textContent).toContain('PNG image · 800×600');
  });
});

describe('Alt text as in X’s composer', () => {
  it('puts a +ALT badge on an image without alt text and reminds; ALT once it has some; none on a video', async () => {
    await withFiles(fakeInspection(), video);
    const clip = screen.getByRole('article', { name: 'clip.mp4' });
    expect(clip.querySelector('.alt-badge')).toBeNull();
    expect(clip.querySelector('[data-alt-reminder]')).toBeNull();
    const card = screen.getByRole('article', { name: 'photo.png' });
    const badge = within(card).getByRole('button', { name: 'Add alt text to photo.png' });
    expect(badge.textContent).toBe('+ALT');
    expect(card.querySelector('[data-alt-reminder]')?.textContent).toContain('No alt text yet.');

    await fireEvent.click(badge);
    await fireEvent.input(within(card).getByLabelText('Alt text'), { target: { value: 'A red bicycle' } });
    expect(within(card).getByRole('button', { name: 'Edit alt text of photo.png' }).textContent).toBe('ALT');
    expect(card.querySelector('[data-alt-reminder]')).toBeNull();
  });
});

describe('Prepare footer', () => {
  it('counts what will happen and its buttons say it', async () => {
    await withFiles(fakeInspection(), oversize, fakeInspection({ name: 'two.png' }));
    expect(document.querySelector('[data-outcome]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '3 files: 2 will send · 1 becomes a draft to fix',
    );
    expect(screen.getByRole('button', { name: 'Send 2 now' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Prepare 3' })).toBeTruthy();
  });

  it('counts a file with no account as needing attention, and sends nothing when nothing can go', async () => {
    const { app } = await withFiles(oversize);
    await app.prepare.setAccount(app.prepare.items[0]!, 'acct-sandbox');
    app.prepare.items[0]!.typedOwners = 'bob';
    await tick();
    expect(document.querySelector('[data-outcome]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '1 file: 0 will send · 1 needs attention',
    );
    expect((screen.getByRole('button', { name: 'Send 0 now' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Prepare 0' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Clear can be undone for a few seconds (the window’s undo toast)', async () => {
    const { app } = await withFiles(fakeInspection(), oversize);
    render(UndoToast, { queue: app.undo });
    await fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    expect(screen.getByText('Cleared 2 files.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.getAllByRole('article').map((card) => card.dataset['fileName'])).toEqual(['photo.png', 'huge.png']);
    expect(screen.queryByText('Cleared 2 files.')).toBeNull();
  });
});

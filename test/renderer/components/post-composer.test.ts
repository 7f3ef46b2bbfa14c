// The composer as a user fills it: files drawn by what they are, the media-mix rule said before Post is pressed,
// no alt-text field where X takes none (a video), and a link's cost said once, not again by main's check.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { LINK_COST_NOTE } from '../../../main/common/posts.ts';
import type { PostView } from '../../../main/ipc/contract.ts';
import Posts from '../../../renderer/src/screens/Posts.svelte';
import { AppState } from '../../../renderer/src/state/app.svelte.ts';
import { createFakeApp, fakeApi, fakeInspection } from '../../fakes/contract-handlers.ts';
import { PHONE_VIDEO } from '../../fakes/inspections.ts';

afterEach(cleanup);

const photo = (name: string) => fakeInspection({ name });
const clip = fakeInspection({
  name: 'clip.mp4',
  mediaType: 'video/mp4',
  extensionType: 'video/mp4',
  kind: 'video',
  image: undefined,
  video: PHONE_VIDEO,
});

async function composerWith(...inspections: ReturnType<typeof fakeInspection>[]) {
  const fake = createFakeApp();
  const api = fakeApi(fake);
  const app = new AppState(api);
  await app.accounts.load();
  fake.queuePick(inspections.map((inspection) => fake.addFile(inspection).fileId));
  render(Posts, { app });
  await fireEvent.click(screen.getByRole('button', { name: 'Attach files…' }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  await tick();
  return { api, app };
}

const queuedPost: PostView = {
  id: 'post-1',
  state: 'ready',
  accountId: 'account-1',
  threadId: null,
  threadPosition: 0,
  text: 'See https://example.com',
  replyTo: null,
  scheduledAt: null,
  awaitingChoice: false,
  postId: null,
  attempts: 0,
  attemptStartedAt: null,
  error: null,
  notice: null,
  postedAt: null,
  createdAt: 1,
  updatedAt: 1,
  accountName: 'sandbox',
  screenName: 'xfer_demo',
  media: [],
  url: null,
};

const postButton = () => screen.getByRole('button', { name: 'Post now' }) as HTMLButtonElement;

describe('the post composer', () => {
  it('says an image and a video cannot go together before Post is pressed, and keeps Post off', async () => {
    await composerWith(photo('a.png'), clip);
    expect(document.querySelector('.problems')?.textContent).toContain(
      'these 2 files (image + video) cannot go together',
    );
    expect(postButton().disabled).toBe(true);
  });

  it('takes four images, and says so at the fifth', async () => {
    await composerWith(photo('1.png'), photo('2.png'), photo('3.png'), photo('4.png'));
    expect(document.querySelector('.problems')).toBeNull();
    expect(postButton().disabled).toBe(false);
    cleanup();
    await composerWith(photo('1.png'), photo('2.png'), photo('3.png'), photo('4.png'), photo('5.png'));
    expect(document.querySelector('.problems')?.textContent).toContain('at most 4 images; this one has 5');
  });

  it('offers alt text for an image, not for a video, and draws the video as a film', async () => {
    await composerWith(clip);
    const row = document.querySelector<HTMLElement>('.media[data-file-name="clip.mp4"]')!;
    expect(within(row).queryByRole('textbox')).toBeNull();
    expect(row.textContent).toContain('no alt text on X');
    expect(row.querySelector('[data-thumb]')?.getAttribute('data-thumb')).toBe('film');
    cleanup();
    await composerWith(photo('a.png'));
    expect(screen.getByRole('textbox', { name: 'Alt text for a.png' })).toBeTruthy();
  });

  it("says a link's cost once, though main's check says it too", async () => {
    const { api } = await composerWith();
    api.posts.compose = async () => ({
      ok: true,
      value: { posts: [], checks: [{ problems: ['Something main refused.'], warnings: [LINK_COST_NOTE] }] },
    });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Text' }), {
      target: { value: 'See https://example.com' },
    });
    await fireEvent.click(postButton());
    await screen.findByText('Something main refused.');
    expect(screen.getAllByText(LINK_COST_NOTE)).toHaveLength(1);
  });

  it("does not say a link's cost again once the post is queued and the composer is empty", async () => {
    const { api } = await composerWith();
    api.posts.compose = async () => ({
      ok: true,
      value: { posts: [queuedPost], checks: [{ problems: [], warnings: [LINK_COST_NOTE] }] },
    });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Text' }), {
      target: { value: 'See https://example.com' },
    });
    await fireEvent.click(postButton());
    await screen.findByText('Post queued: it goes out now.');
    expect(screen.queryByText(LINK_COST_NOTE)).toBeNull();
  });
});

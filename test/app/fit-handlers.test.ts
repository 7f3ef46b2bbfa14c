// The fitting channels through the contract's dispatcher (schemas, handlers, events): fitPlan, fit with
// conversion events on the hub, update, and setTier re-checking an account's drafts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../main/app/handlers.ts';
import { openServices, type Services } from '../../main/app/services.ts';
import type { Result } from '../../main/common/errors.ts';
import type { Channel, Events, RequestOf, ResponseOf } from '../../main/ipc/contract.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { createDispatcher, type Dispatch } from '../../main/ipc/handle.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';
import { makeVideo } from '../fixtures/media.ts';
import { useTempDir } from '../core/media/temp-dir.ts';

const temp = useTempDir('fit-handlers');
const hub = new EventHub();
const events: { event: keyof Events; payload: unknown }[] = [];
let services: Services;
let dispatch: Dispatch;
let clip: string;

beforeAll(async () => {
  clip = await makeVideo(temp.path, { seconds: 1, width: 1920, height: 1080, fps: 30, codec: 'h264' });
  services = await openServices({
    dataDir: join(temp.path, 'data'),
    secretStore: new InMemorySecretStore(),
    resume: false,
  });
  // As the app's composition root does: the embedded sandbox (and its built-in account) up before any call.
  await services.sandbox.ensure();
  hub.subscribe((event, payload) => events.push({ event, payload }));
  const ports = { pickFiles: async () => [], openExternal: async () => {}, writeClipboard: () => {}, notify: () => {} };
  dispatch = createDispatcher(createHandlers(services, ports, hub).handlers);
});
afterAll(() => services?.close());

async function ok<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = (await dispatch(channel, payload)) as Result<ResponseOf<C>>;
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

async function draft(): Promise<string> {
  const {
    files: [file],
  } = await ok('files:addDropped', { paths: [clip] });
  const accounts = await ok('accounts:list');
  const sandbox = accounts.find((account) => account.kind === 'sandbox')!;
  const [session] = await ok('sessions:prepare', {
    items: [{ fileId: file!.fileId, accountId: sandbox.id, category: 'tweet_video' }],
  });
  expect(session!.state).toBe('draft');
  return session!.id;
}

describe('fitting over IPC', () => {
  it('shows the plan with the ffmpeg in use, fits the draft, and pushes conversion events', async () => {
    const id = await draft();
    const plan = await ok('sessions:fitPlan', { id });
    expect(plan.tool).toMatch(/ffmpeg/);
    expect(plan.howToGetFfmpeg).toBeNull();
    expect(plan.outcome.kind).toBe('plan');
    const fitted = await ok('sessions:fit', { id });
    expect(fitted).toMatchObject({ state: 'ready', conversion: { from: clip } });
    const mine = events.filter(
      (entry) => entry.event === 'conversion' && (entry.payload as { sessionId: string }).sessionId === id,
    );
    expect(mine.at(-1)?.payload).toMatchObject({ state: 'done', percent: 100 });
    expect(events.some((entry) => entry.event === 'sessionChanged')).toBe(true);
  });

  it('refuses a malformed update and a fit of a ready session, with kinds the UI can act on', async () => {
    const id = await draft();
    const bad = (await dispatch('sessions:update', { id, category: 'tweet_movie' })) as Result<unknown>;
    expect(bad).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    await ok('sessions:update', { id, category: 'dm_video' });
    const [sandbox] = (await ok('accounts:list')).filter((account) => account.kind === 'sandbox');
    await ok('accounts:setTier', { id: sandbox!.id, tier: 'premium' });
    // Premium: 1080p is only a warning, so the draft became ready.
    const now = (await ok('sessions:list')).find((session) => session.id === id)!;
    expect(now.state).toBe('ready');
    const refused = (await dispatch('sessions:fit', { id })) as Result<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    await ok('accounts:setTier', { id: sandbox!.id, tier: 'standard' });
    expect((await ok('sessions:list')).find((session) => session.id === id)!.state).toBe('draft');
  });
});

describe('fitting over IPC without ffmpeg', () => {
  it('still shows the plan, says how to get ffmpeg, and a fit fails as an environment problem with those words', async () => {
    const missing = join(temp.path, 'no-ffmpeg-here');
    const bare = await openServices({
      dataDir: join(temp.path, 'data-no-ffmpeg'),
      secretStore: new InMemorySecretStore(),
      resume: false,
      env: { ...process.env, XFER_FFMPEG: missing },
    });
    const ports = {
      pickFiles: async () => [],
      openExternal: async () => {},
      writeClipboard: () => {},
      notify: () => {},
    };
    const app = createHandlers(bare, ports, new EventHub());
    const call = createDispatcher(app.handlers);
    try {
      await bare.sandbox.ensure();
      const value = async <C extends Channel>(channel: C, payload?: RequestOf<C>) => {
        const result = (await call(channel, payload)) as Result<ResponseOf<C>>;
        if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
        return result.value;
      };
      const {
        files: [file],
      } = await value('files:addDropped', { paths: [clip] });
      const sandbox = (await value('accounts:list')).find((account) => account.kind === 'sandbox')!;
      const [session] = await value('sessions:prepare', {
        items: [{ fileId: file!.fileId, accountId: sandbox.id, category: 'tweet_video' }],
      });
      const plan = await value('sessions:fitPlan', { id: session!.id });
      expect(plan.tool).toBeNull();
      expect(plan.howToGetFfmpeg).toMatch(/Xfer needs ffmpeg to convert media\. Install it \(Debian\/Ubuntu: sudo apt/);
      expect(plan.outcome.kind).toBe('plan'); // what a conversion would change is still worth showing
      const fit = (await call('sessions:fit', { id: session!.id })) as Result<unknown>;
      expect(fit).toMatchObject({
        ok: false,
        error: { kind: 'environment', message: expect.stringContaining(plan.howToGetFfmpeg!) },
      });
      expect((await value('sessions:list')).find((listed) => listed.id === session!.id)?.state).toBe('draft');
    } finally {
      app.dispose();
      await bare.close();
    }
  });
});

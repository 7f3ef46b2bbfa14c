// The desktop's pasted images (pasted/ in the data folder) go as web mode's staged copies do: when the
// sessions made from them are forgotten or end, and, for copies nothing uses, at the next start.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../main/app/handlers.ts';
import { openServices, type Services } from '../../main/app/services.ts';
import type { Result } from '../../main/common/errors.ts';
import type { Channel, RequestOf, ResponseOf } from '../../main/ipc/contract.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { createDispatcher, type Dispatch } from '../../main/ipc/handle.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';
import { makePng } from '../fixtures/media.ts';
import { useTempDir } from '../core/media/temp-dir.ts';

const temp = useTempDir('pasted-cleanup');
const ports = { pickFiles: async () => [], openExternal: async () => {}, writeClipboard: () => {}, notify: () => {} };
let png: Uint8Array<ArrayBuffer>;
let opened: { services: Services; dispatch: Dispatch; dispose(): void }[] = [];
/** Each test's own data folder. */
let dataDir: string;
let tests = 0;

beforeAll(async () => {
  png = new Uint8Array(await readFile(await makePng(temp.path, { width: 32, height: 32 })));
});
beforeEach(() => {
  tests += 1;
  dataDir = join(temp.path, `data-${tests}`);
});
afterEach(async () => {
  for (const app of opened) {
    app.dispose();
    await app.services.close();
  }
  opened = [];
});

/** The app as the desktop composes it, on one data folder (a second call is the next start). */
async function start(secretStore = new InMemorySecretStore()) {
  const services = await openServices({ dataDir, secretStore, startSandbox: true });
  const { handlers, dispose } = createHandlers(services, ports, new EventHub());
  const app = { services, dispatch: createDispatcher(handlers), dispose };
  opened.push(app);
  const ok = async <C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<ResponseOf<C>> => {
    const result = (await app.dispatch(channel, payload)) as Result<ResponseOf<C>>;
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  };
  return { services, ok, secretStore };
}

const pastedFolders = async () => (await readdir(join(dataDir, 'pasted'))).sort();

async function paste(ok: Awaited<ReturnType<typeof start>>['ok'], name: string) {
  const [file] = await ok('files:addPasted', { files: [{ name, bytes: png }] });
  return file!;
}

async function prepare(app: Awaited<ReturnType<typeof start>>, fileId: string) {
  await app.services.sandbox.ensure();
  const sandbox = (await app.ok('accounts:list')).find((account) => account.kind === 'sandbox')!;
  const [session] = await app.ok('sessions:prepare', {
    items: [{ fileId, accountId: sandbox.id, category: 'tweet_image' }],
  });
  return session!;
}

describe('pasted images', () => {
  it('go when their session is forgotten or cancelled; one not yet prepared stays', async () => {
    const app = await start();
    const forgotten = await paste(app.ok, 'forgotten.png');
    const cancelled = await paste(app.ok, 'cancelled.png');
    await paste(app.ok, 'waiting.png');
    const [first, second] = [await prepare(app, forgotten.fileId), await prepare(app, cancelled.fileId)];
    expect((await pastedFolders()).length).toBe(3);

    await app.ok('sessions:forget', { id: first.id });
    await vi.waitFor(async () => expect((await pastedFolders()).length).toBe(2));
    await app.ok('sessions:cancel', { id: second.id });
    await vi.waitFor(async () => expect((await pastedFolders()).length).toBe(1));
    const [left] = await pastedFolders();
    expect(await readdir(join(dataDir, 'pasted', left!))).toEqual(['waiting.png']);
  });

  it('at the next start, a copy a live session uses stays and the rest go', async () => {
    const app = await start();
    const live = await paste(app.ok, 'live.png');
    await paste(app.ok, 'orphan.png');
    const session = await prepare(app, live.fileId);
    expect(session.state).toBe('ready');
    const livePath = app.services.files.path(live.fileId);

    const next = await start(app.secretStore);
    // The next start's folder is open once a paste (or a sweep) has waited for it.
    await paste(next.ok, 'new.png');
    const kept = (await pastedFolders()).map((folder) => join(dataDir, 'pasted', folder));
    expect(kept).toHaveLength(2);
    expect(kept).toContain(join(livePath, '..'));
  });
});

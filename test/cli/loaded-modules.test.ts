// What an `xfer` command loads before it does its work: every command that opens the data folder pays to
// load each module it imports, in every process (a batch is three of them: two prepares and a send). These
// tests run the real bin with a module hook that lists every file Node loads, and check that the heavy
// libraries a command has no use for stay unloaded.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makePng } from '../fixtures/media.ts';
import { xfer } from './run-xfer.ts';

let work = '';
let hook = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xfer-loaded-'));
  hook = join(work, 'list-loads.mjs');
  await writeFile(
    hook,
    [
      "import { registerHooks } from 'node:module';",
      "import { appendFileSync } from 'node:fs';",
      'registerHooks({ load(url, context, next) {',
      "  appendFileSync(process.env.XFER_TEST_LOADS, url + '\\n');",
      '  return next(url, context);',
      '} });',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The files `xfer args…` loaded, over a fresh data folder. */
async function loadedBy(args: string[]): Promise<string[]> {
  const dataDir = await mkdtemp(join(work, 'data-'));
  const list = join(dataDir, 'loads.txt');
  const outcome = await xfer(['--data-dir', dataDir, ...args], {
    NODE_OPTIONS: `--import ${hook}`,
    XFER_TEST_LOADS: list,
  });
  expect(outcome.stderr).not.toMatch(/Error/);
  return (await readFile(list, 'utf8')).split('\n').filter(Boolean);
}

const under = (urls: string[], packageName: string) =>
  urls.filter((url) => url.includes(`/node_modules/${packageName}/`));

it('xfer prefs and xfer send read preferences.json without conf and its JSON-schema compiler (ajv)', async () => {
  for (const args of [['prefs'], ['send', '--all', '--json']]) {
    const urls = await loadedBy(args);
    expect(urls.some((url) => url.includes('/main/app/preferences.ts'))).toBe(true);
    expect(under(urls, 'conf')).toEqual([]);
    expect(under(urls, 'ajv')).toEqual([]);
  }
});

it('xfer validate of an image does not load the MP4 parser (mp4box): only a video needs it', async () => {
  const image = await makePng(work, { width: 64, height: 48 });
  const urls = await loadedBy(['validate', image]);
  expect(urls.some((url) => url.includes('/main/core/media/inspect.ts'))).toBe(true);
  expect(under(urls, 'mp4box')).toEqual([]);
});

it('xfer sessions and xfer send open the ledger and the services without twitter-text: only counting a post needs it', async () => {
  for (const args of [['sessions'], ['send', '--all', '--json']]) {
    const urls = await loadedBy(args);
    expect(urls.some((url) => url.includes('/main/core/ledger/ledger.ts'))).toBe(true);
    expect(urls.some((url) => url.includes('/main/app/posts.ts'))).toBe(true);
    expect(under(urls, 'twitter-text')).toEqual([]);
  }
});

it("xfer send reads preferences and would decode secrets with zod/mini, not the full zod API (zod's classic build)", async () => {
  const urls = await loadedBy(['send', '--all', '--json']);
  expect(urls.some((url) => url.includes('/main/core/accounts/secrets-codec.ts'))).toBe(true);
  expect(urls.some((url) => url.includes('/node_modules/zod/v4/mini/'))).toBe(true);
  expect(urls.filter((url) => url.includes('/node_modules/zod/v4/classic/'))).toEqual([]);
});

it('xfer send opens the accounts without the OAuth 2.0 library (oauth4webapi): only a sign-in, refresh or revoke needs it', async () => {
  const urls = await loadedBy(['send', '--all', '--json']);
  expect(urls.some((url) => url.includes('/main/core/oauth2/protocol.ts'))).toBe(true);
  expect(under(urls, 'oauth4webapi')).toEqual([]);
});

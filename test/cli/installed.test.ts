// The packed CLI as a user installs it: `npm pack` (prepack builds out/cli), `npm install -g` of the tarball
// into a temporary prefix, then the installed `xfer` on its own: its version and a real upload to the
// built-in sandbox account. Proves the package starts from node_modules (Node will not strip TypeScript
// there) and carries everything it needs. npm resolves the dependencies from its cache when it has them.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makePng } from '../fixtures/media.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NODE_DIR = dirname(process.execPath);
const NPM = 'npm'; // found on PATH, run by this Node (cleanEnv puts its folder first)

// The npm that runs `npm test` passes its own settings down as npm_* variables (prefix, scripts…):
// the install below must see a user's plain npm, with this Node first on PATH for `#!/usr/bin/env node`.
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...env, PATH: [NODE_DIR, env.PATH ?? ''].join(delimiter), NO_COLOR: '1' };
}

let work: string;
let installedBin: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xfer-installed-'));
  const env = cleanEnv();
  const packed = await run(NPM, ['pack', REPO, '--pack-destination', work, '--json'], { env, cwd: work });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const prefix = join(work, 'prefix');
  await run(
    NPM,
    ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, filename)],
    { env, cwd: work },
  );
  installedBin = join(prefix, 'bin', 'xfer');
}, 300_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

it('ships plain JavaScript only: no TypeScript source in the package', async () => {
  const installed = join(work, 'prefix', 'lib', 'node_modules', 'xfer');
  const files = await readdir(installed, { recursive: true });
  const own = files.filter((file) => !file.startsWith('node_modules'));
  expect(own).toContain(join('out', 'cli', 'xfer.js'));
  expect(own.filter((file) => file.endsWith('.ts'))).toEqual([]);
});

it('the installed xfer prints its version', async () => {
  const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const { stdout } = await run(installedBin, ['--version'], { env: cleanEnv(), cwd: work });
  expect(stdout.trim()).toBe(pkg.version);
});

it('the installed xfer uploads a file to the sandbox account', async () => {
  const image = await makePng(work, { width: 64, height: 48 });
  const dataDir = join(work, 'data');
  const { stdout } = await run(
    installedBin,
    ['upload', image, '--account', 'sandbox', '--data-dir', dataDir, '--json'],
    {
      env: cleanEnv(),
      cwd: work,
    },
  );
  const result = JSON.parse(stdout) as { sessions: { state: string; media_id: string | null }[] };
  expect(result.sessions).toHaveLength(1);
  expect(result.sessions[0]?.state).toBe('succeeded');
  expect(result.sessions[0]?.media_id).toMatch(/^\d+$/);
});

it('the bundle prints no deprecation warning when run from outside node_modules (DEP0040: punycode)', async () => {
  // Node warns only for code outside node_modules, so the bundle that `npm pack` just built is run in place.
  const image = await makePng(work, { width: 32, height: 32 });
  const { stderr } = await run(
    process.execPath,
    [join(REPO, 'out', 'cli', 'xfer.js'), 'upload', image, '--account', 'sandbox', '--data-dir', join(work, 'data-2')],
    { env: cleanEnv(), cwd: work },
  );
  expect(stderr).toContain('1 of 1 file uploaded');
  expect(stderr).not.toContain('DeprecationWarning');
});

it("the bundle inspects a file without file-type's debug logger (which loads tty and asks the terminal about colours)", async () => {
  const image = await makePng(work, { width: 16, height: 16 });
  const hook = join(work, 'list-loads.mjs');
  const list = join(work, 'loads.txt');
  await writeFile(
    hook,
    "import { registerHooks } from 'node:module'; import { appendFileSync } from 'node:fs';\n" +
      "registerHooks({ load(url, context, next) { appendFileSync(process.env.XFER_TEST_LOADS, url + '\\n'); return next(url, context); } });\n",
  );
  await run(process.execPath, [join(REPO, 'out', 'cli', 'xfer.js'), 'validate', image], {
    env: { ...cleanEnv(), NODE_OPTIONS: `--import ${hook}`, XFER_TEST_LOADS: list },
    cwd: work,
  });
  const urls = (await readFile(list, 'utf8')).split('\n').filter(Boolean);
  expect(urls.some((url) => url.includes('/out/cli/source-'))).toBe(true); // file-type's chunk
  expect(urls.filter((url) => url === 'node:tty' || url === 'tty')).toEqual([]);
});

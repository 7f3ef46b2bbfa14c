// The README's `npm start` / `npm run dev` / `npm run dist`, run as the real npm scripts, with
// Electron's own resolver (node_modules/electron/index.js) either failing for real (its download
// pointed at a closed port) or handing back a stand-in binary (ELECTRON_OVERRIDE_DIST_PATH, which
// the resolver honours) that records its argv. Both `npm start` runs build into the project's out/.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'xfer-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A download that cannot succeed, from an empty cache: the resolver's real failure path. */
const BLOCKED = {
  ELECTRON_MIRROR: 'http://127.0.0.1:1/',
  electron_config_cache: join(scratch, 'electron-cache'),
  ELECTRON_OVERRIDE_DIST_PATH: '',
};
// With a binary already installed the resolver would not fail (CI never has one: it cannot be downloaded).
const binaryInstalled = existsSync(join(repo, 'node_modules/electron/dist/version'));

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  stop(): void;
}

function npm(args: string[], env: Record<string, string>): Run {
  const child = spawn('npm', args, {
    cwd: repo,
    env: { ...process.env, XFER_DATA_DIR: join(scratch, 'data'), XFER_KEYCHAIN_SERVICE: 'xfer-launcher-test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: npm, its shell and node stop together
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

async function waitFor(run: Run, pattern: RegExp, ms = 240_000): Promise<RegExpMatchArray> {
  for (let waited = 0; waited < ms; waited += 200) {
    const match = pattern.exec(run.output());
    if (match) return match;
    const done = await Promise.race([run.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
    if (done && !pattern.exec(run.output())) throw new Error(`exited without ${pattern}:\n${run.output()}`);
  }
  throw new Error(`timed out waiting for ${pattern}:\n${run.output()}`);
}

describe('npm start', () => {
  it.skipIf(binaryInstalled)(
    'without an Electron binary: one line saying why, then the app in web mode at a URL whose token is required',
    async () => {
      const run = npm(['start'], BLOCKED);
      try {
        const [, url] = await waitFor(run, /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m);
        const reasons = run
          .output()
          .split('\n')
          .filter((line) => line.startsWith('Xfer: '));
        expect(reasons).toEqual([
          expect.stringMatching(/^Xfer: no Electron binary \(getting it failed: .+\), so Xfer runs in web mode/),
        ]);
        expect(run.output()).not.toMatch(/^\s+at /m); // no stack trace
        const page = await fetch(url!);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('/__harness__/bridge.js');
        const origin = new URL(url!).origin;
        expect((await fetch(`${origin}/`)).status).toBe(403);
        expect((await fetch(`${origin}/?token=wrong`)).status).toBe(403);
        expect(
          (await fetch(`${origin}/__test__/clipboard?token=${new URL(url!).searchParams.get('token')}`)).status,
        ).toBe(404);
      } finally {
        run.stop();
      }
      await run.exited;
    },
  );

  it('with a binary: launches it with the project, whose package.json main is the freshly built main entry', async () => {
    const dist = join(scratch, 'stand-in-dist');
    const record = join(scratch, 'argv.txt');
    rmSync(dist, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dist, { recursive: true });
    // The stand-in binary: records its argv, one per line, and exits.
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(join(dist, 'electron'), 0o755);
    const started = Date.now();
    const run = npm(['start', '--', '--some-electron-flag'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(await run.exited, run.output()).toBe(0);
    const argv = readFileSync(record, 'utf8').trimEnd().split('\n');
    expect(argv).toEqual([repo, '--some-electron-flag']);
    const main = (JSON.parse(readFileSync(join(argv[0]!, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe('out/main/index.js');
    const built = join(argv[0]!, main);
    expect(statSync(built).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
    expect(readFileSync(built, 'utf8')).toContain('xfer-app');
  });
});

describe('npm run dev with a binary', () => {
  it('hands electron-vite the resolver’s binary, which it launches on the project with the dev server’s URL', async () => {
    const dist = join(scratch, 'dev-dist');
    const record = join(scratch, 'dev-argv.txt');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dist, { recursive: true });
    writeFileSync(
      join(dist, 'electron'),
      `#!/bin/sh\nprintf '%s\\n' "$PWD" "$ELECTRON_RENDERER_URL" "$@" > '${record}'\n`,
    );
    chmodSync(join(dist, 'electron'), 0o755);
    const run = npm(['run', 'dev'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(await run.exited, run.output()).toBe(0);
    const [cwd, rendererUrl, ...argv] = readFileSync(record, 'utf8').trimEnd().split('\n');
    expect(cwd).toBe(repo);
    expect(rendererUrl).toMatch(/^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+\/?$/);
    expect(argv[0]).toBe('.');
  });
});

describe('npm run dev and npm run dist without a binary', () => {
  it.skipIf(binaryInstalled)('dev says why and exits non-zero', async () => {
    const run = npm(['run', 'dev'], BLOCKED);
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(
      /xfer dev: no Electron binary \(getting it failed: .+\)\. Without Electron, `npm run web`/,
    );
  });

  it.skipIf(binaryInstalled)('dist fails with the reason', async () => {
    const run = npm(['run', 'dist'], BLOCKED);
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/xfer dist: cannot package: no Electron binary \(getting it failed: .+\)/);
  });
});

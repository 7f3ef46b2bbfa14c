// `npm run build` works here without an Electron binary, and emits what a sandboxed window
// needs: one CommonJS preload that requires nothing but electron, and a renderer whose page
// carries the CSP and loads no remote code.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_POLICY } from '../../main/security.ts';
import { appSchemeHandler } from '../../main/static/app-scheme.ts';

const root = join(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'xfer-build-'));

beforeAll(async () => {
  await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir],
    {
      cwd: root,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    },
  );
}, 240_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the build', () => {
  it('emits the preload as one CommonJS file that requires only electron', () => {
    const preload = readFileSync(join(outDir, 'preload/index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(readdirSync(join(outDir, 'preload'))).toEqual(['index.cjs']);
  });

  it('keeps zod out of the preload (the contract it imports is schema-free)', () => {
    const preload = readFileSync(join(outDir, 'preload/index.cjs'), 'utf8');
    expect(preload).not.toMatch(/ZodError|safeParse/);
    // 164 KB when the contract carried the schemas; the bridge alone is a few KB.
    expect(preload.length).toBeLessThan(20_000);
  });

  it('emits the main process as an ES module entry', () => {
    const main = readFileSync(join(outDir, 'main/index.js'), 'utf8');
    expect(main).toMatch(/from ["']electron["']/);
  });

  it('emits a renderer page that loads only its own scripts', () => {
    const html = readFileSync(join(outDir, 'renderer/index.html'), 'utf8');
    const sources = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src).not.toMatch(/^(https?:)?\/\//);
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>\s*\S/);
  });
});

describe('the app scheme over the built renderer', () => {
  const rendererDir = () => join(outDir, 'renderer');
  const get = (path: string, init?: RequestInit) =>
    appSchemeHandler(rendererDir())(new Request(`${APP_ORIGIN}${path}`, init));
  const EXPECTED: Record<string, RegExp> = {
    '.html': /^text\/html; charset=utf-8$/,
    '.js': /^text\/javascript; charset=utf-8$/,
    '.css': /^text\/css; charset=utf-8$/,
    '.svg': /^image\/svg\+xml$/,
    '.png': /^image\/png$/,
    '.woff2': /^font\/woff2$/,
  };

  it('serves every built asset with its type and the policy header', async () => {
    const files = readdirSync(rendererDir(), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${relative(rendererDir(), join(entry.parentPath, entry.name)).split('\\').join('/')}`);
    expect(files).toContain('/index.html');
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const response = await get(file);
      expect(response.status, file).toBe(200);
      const type = EXPECTED[file.slice(file.lastIndexOf('.'))];
      expect(type, `a type for ${file}`).toBeDefined();
      expect(response.headers.get('content-type'), file).toMatch(type!);
      expect(response.headers.get('content-security-policy'), file).toBe(APP_POLICY);
      expect(response.headers.get('x-content-type-options'), file).toBe('nosniff');
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(join(rendererDir(), file))), file).toBe(
        true,
      );
    }
    const root = await get('/');
    expect(await root.text()).toBe(readFileSync(join(rendererDir(), 'index.html'), 'utf8'));
  });

  it('refuses traversal, encoded or not, folders and unknown types, each with the policy header', async () => {
    writeFileSync(join(outDir, 'secret.txt'), 'outside the renderer');
    const refused = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/assets/',
      '/assets',
      '/index.html%00.js',
      '/%E0%A4%A',
    ];
    for (const path of refused) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-security-policy'), path).toBe(APP_POLICY);
      expect(await response.text(), path).not.toContain('outside the renderer');
    }
    const foreignHost = await appSchemeHandler(rendererDir())(new Request('xfer-app://elsewhere/index.html'));
    expect(foreignHost.status).toBe(404);
    expect((await get('/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

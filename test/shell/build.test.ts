// `npm run build` works here without an Electron binary, and emits what a sandboxed window
// needs: one CommonJS preload that requires nothing but electron, and a renderer whose page
// carries the CSP and loads no remote code.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

// `xfer validate` run in-process with captured streams.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../main/cli/commands/validate.ts';
import type { CliContext } from '../../../main/cli/context.ts';
import type { ValidationResult } from '../../../main/common/media-types.ts';
import { makeGif, makeOversizeImage, makePng } from '../../fixtures/media.ts';

let dir = '';
let png = '';
let gif = '';
let oversize = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-cli-validate-'));
  [png, gif, oversize] = await Promise.all([
    makePng(dir, { width: 40, height: 30 }),
    makeGif(dir, { frames: 3, width: 40, height: 30 }),
    makeOversizeImage(dir),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function xfer(argv: string[], json = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const ctx: CliContext = { stdout, stderr, env: {}, dataDir: dir, json, signal: new AbortController().signal };
  const code = await run(argv, ctx);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('xfer validate', () => {
  it('exits 0 and ticks every file that passes', async () => {
    const result = await xfer([png, gif]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✓ png-\w+\.png — image\/png, \d+ bytes, tweet_image \(standard\)$/m);
    expect(result.stdout).toMatch(/^✓ gif-\w+\.gif — image\/gif, .+, tweet_gif \(standard\)$/m);
    expect(result.stderr).toBe('');
  });

  it('exits 1 when any file fails, with each finding and a suggested category', async () => {
    const result = await xfer([png, gif, oversize, '--category', 'tweet_image']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.some((line) => /^ {2}✗ File is 6\.\d+ MB; tweet_image allows at most 5 MB$/.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith('✗ gif-'))).toBe(true);
    expect(lines).toContain('  → try --category tweet_gif');
  });

  it('prints one JSON array of results with --json', async () => {
    const result = await xfer([png, join(dir, 'missing.png'), '--tier', 'premium'], true);
    expect(result.code).toBe(1);
    const results = JSON.parse(result.stdout) as ValidationResult[];
    expect(results.map((each) => [each.ok, each.tier])).toEqual([
      [true, 'premium'],
      [false, 'premium'],
    ]);
    expect(results[1]?.findings[0]).toMatchObject({ field: 'file', code: 'file.missing' });
  });

  it('exits 2 on an unknown category', async () => {
    const result = await xfer([png, '--category', 'tweet_movie']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^xfer: Unknown category "tweet_movie" \(known: tweet_image, /);
    expect(result.stdout).toBe('');
  });

  it('exits 2 with no files, and on an unknown option or tier', async () => {
    expect((await xfer([])).code).toBe(2);
    expect((await xfer([png, '--bogus'])).code).toBe(2);
    expect((await xfer([png, '--tier', 'gold'])).code).toBe(2);
  });

  it('reports a usage error as one JSON document under --json', async () => {
    const result = await xfer([], true);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { kind: 'bad_request' } });
  });

  it('prints its usage with --help', async () => {
    const result = await xfer(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: xfer validate FILE\.\.\./);
  });
});

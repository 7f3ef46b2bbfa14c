// A file whose bytes are of no type Xfer recognises is listed under no category: "unknown" in the tables and the
// validate line, null in the JSON. The tweet_image it is checked under when no category is asked for is only what
// the checks need; listed, it read as if Xfer had found an image. A PNG named .mp4 is another case: its bytes are
// an image, so it is listed as tweet_image.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeMislabelled } from '../fixtures/media.ts';
import { jsonOf, xfer } from './run-xfer.ts';

let media: string;
let dataDir: string;
let noise: string;
let pngNamedMp4: string;
beforeAll(async () => {
  media = await mkdtemp(join(tmpdir(), 'xfer-cli-unknown-media-'));
  noise = join(media, 'noise.mp4');
  await writeFile(noise, randomBytes(4096));
  pngNamedMp4 = await makeMislabelled(media);
});
afterAll(() => rm(media, { recursive: true, force: true }));
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-cli-unknown-data-'));
  return () => rm(dataDir, { recursive: true, force: true });
});
const run = (...args: string[]) => xfer(['--data-dir', dataDir, ...args]);

/** The CATEGORY cell of each row of a sessions table, by the header's column. */
function categoryCells(stdout: string): string[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => line.startsWith('ID '));
  const from = lines[header]!.indexOf('CATEGORY');
  const to = lines[header]!.indexOf('SIZE');
  const rows = lines.slice(header + 1);
  return rows.slice(0, rows.indexOf('')).map((line) => line.slice(from, to).trim()); // the notes follow a blank line
}

describe('a file of no recognised type', () => {
  it('xfer validate says "unknown", not tweet_image, and its JSON has no category', async () => {
    const text = await run('validate', noise);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^✗ noise\.mp4 — unknown type, 4 KB, unknown \(standard\)$/m);
    expect(text.stdout).not.toContain('tweet_image');
    const [result] = jsonOf<{ category: string | null; fields: { media_category: unknown } }[]>(
      await run('validate', noise, '--json'),
    );
    expect(result!.category).toBeNull();
    expect(result!.fields.media_category).toEqual({ value: null, status: 'ok' });
  });

  it('xfer prepare and xfer sessions list it under "unknown"; their JSON says media_category null', async () => {
    const prepared = await run('prepare', noise, '--account', 'sandbox');
    expect(prepared.code).toBe(1);
    expect(categoryCells(prepared.stdout)).toEqual(['unknown']);
    expect(categoryCells((await run('sessions')).stdout)).toEqual(['unknown']);
    const listed = jsonOf<{ sessions: { media_category: string | null }[] }>(await run('sessions', '--json'));
    expect(listed.sessions.map((session) => session.media_category)).toEqual([null]);
  });
});

describe('a PNG named .mp4', () => {
  it('is an image by its bytes: listed as tweet_image everywhere', async () => {
    expect((await run('validate', pngNamedMp4)).stdout).toMatch(/— image\/png, .*, tweet_image \(standard\)$/m);
    const prepared = await run('prepare', pngNamedMp4, '--account', 'sandbox');
    expect(prepared.code).toBe(0);
    expect(categoryCells(prepared.stdout)).toEqual(['tweet_image']);
    const listed = jsonOf<{ sessions: { media_category: string | null }[] }>(await run('sessions', '--json'));
    expect(listed.sessions.map((session) => session.media_category)).toEqual(['tweet_image']);
  });
});

// Web mode's staging folder: uploads land whole or not at all, names are made safe, and a copy
// goes when its sessions end or are forgotten — or at the next start when nothing needs it.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../main/common/session.ts';
import { StagingArea, stagedName } from '../../main/harness/staging.ts';

let dataDir: string;
let sessions: Session[];
const session = (file: string, state: Session['state']) => ({ file, state, conversion: null }) as unknown as Session;
const folders = async () => (await readdir(join(dataDir, 'staging'))).sort();

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-staging-'));
  sessions = [];
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('stagedName', () => {
  it('keeps ordinary names and extensions, and neutralises separators and control characters', () => {
    expect(stagedName('clip.mp4')).toBe('clip.mp4');
    expect(stagedName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(stagedName('a\\b\u0000c\u001b.png')).toBe('a_b_c_.png');
    expect(stagedName('..')).toBe('file');
    expect(stagedName('   ')).toBe('file');
    const long = stagedName(`${'x'.repeat(400)}.jpeg`);
    expect(long).toHaveLength(150);
    expect(long.endsWith('.jpeg')).toBe(true);
  });
});

describe('StagingArea', () => {
  it('streams an upload into its own folder and names it by an opaque id', async () => {
    const area = await StagingArea.open(dataDir, () => sessions);
    const seen: number[] = [];
    const { stagedId, bytes } = await area.receive(
      'photo.png',
      Readable.from([Buffer.from('abc'), Buffer.from('de')]),
      5,
      (_id, n) => seen.push(n),
    );
    expect(stagedId).toMatch(/^staged_[\w-]+$/);
    expect(bytes).toBe(5);
    expect(seen).toEqual([3, 5]);
    expect(await readFile(area.path(stagedId)!, 'utf8')).toBe('abcde');
    expect(area.path('staged_unknown')).toBeNull();
  });

  it('refuses an upload that ends early or runs long, and leaves nothing behind', async () => {
    const area = await StagingArea.open(dataDir, () => sessions);
    await expect(area.receive('short.png', Readable.from([Buffer.from('abc')]), 10)).rejects.toMatchObject({
      error: { kind: 'bad_request', message: expect.stringContaining('3 of 10 bytes') },
    });
    await expect(area.receive('long.png', Readable.from([Buffer.from('abcdef')]), 2)).rejects.toMatchObject({
      error: { kind: 'bad_request' },
    });
    expect(await folders()).toEqual([]);
  });

  it('keeps a copy not yet prepared, and one whose session is live; removes it when that session ends', async () => {
    const area = await StagingArea.open(dataDir, () => sessions);
    const kept = await area.receive('a.png', Readable.from([Buffer.from('a')]), 1);
    const sent = await area.receive('b.png', Readable.from([Buffer.from('b')]), 1);
    sessions = [session(area.path(sent.stagedId)!, 'ready')];
    await area.sweep();
    expect(await folders()).toEqual([kept.stagedId, sent.stagedId].sort());
    sessions = [session(area.path(sent.stagedId)!, 'succeeded')];
    await area.sweep();
    expect(await folders()).toEqual([kept.stagedId]);
  });

  it('removes a prepared copy once its session is forgotten, but not while another live session uses it', async () => {
    const area = await StagingArea.open(dataDir, () => sessions);
    const { stagedId } = await area.receive('c.mp4', Readable.from([Buffer.from('c')]), 1);
    const path = area.path(stagedId)!;
    sessions = [session(path, 'ready'), session(path, 'cancelled')];
    await area.sweep();
    expect(await folders()).toEqual([stagedId]);
    sessions = [];
    await area.sweep();
    expect(await folders()).toEqual([]);
    expect(area.path(stagedId)).toBeNull();
  });

  it('keeps an ended session’s copy while it is still needed (a post waiting on it)', async () => {
    let needed = true;
    const area = await StagingArea.open(
      dataDir,
      () => sessions,
      () => needed,
    );
    const { stagedId } = await area.receive('d.png', Readable.from([Buffer.from('d')]), 1);
    sessions = [session(area.path(stagedId)!, 'succeeded')];
    await area.sweep();
    expect(await folders()).toEqual([stagedId]);
    needed = false; // the post went out
    await area.sweep();
    expect(await folders()).toEqual([]);
  });

  it('at the next start keeps what live sessions use and clears the rest', async () => {
    const first = await StagingArea.open(dataDir, () => sessions);
    const live = await first.receive('live.png', Readable.from([Buffer.from('l')]), 1);
    const orphan = await first.receive('orphan.png', Readable.from([Buffer.from('o')]), 1);
    const ended = await first.receive('ended.png', Readable.from([Buffer.from('e')]), 1);
    sessions = [session(first.path(live.stagedId)!, 'failed'), session(first.path(ended.stagedId)!, 'succeeded')];
    const second = await StagingArea.open(dataDir, () => sessions);
    expect(await folders()).toEqual([live.stagedId]);
    expect(second.path(live.stagedId)).toBe(first.path(live.stagedId));
    expect(second.path(orphan.stagedId)).toBeNull();
    // Adopted as prepared: forgetting its session removes it.
    sessions = [];
    await second.sweep();
    expect(await folders()).toEqual([]);
  });
});

// `--bwlimit RATE` (rclone's words) on the real `xfer` bin: a bad rate, a missing one, or one on a command
// that sends nothing is a usage error (exit 2) that says why; a good one sends; `xfer prefs bandwidthLimit`
// keeps the same words for the app and the CLI.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitGlobalOptions } from '../../main/cli/global-options.ts';
import { makePng } from '../fixtures/media.ts';
import { jsonOf, xfer } from './run-xfer.ts';

let dir = '';
let image = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-cli-bwlimit-'));
  image = await makePng(dir, { width: 32, height: 24 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]) => xfer(['--data-dir', join(dir, 'data'), ...args]);

describe('--bwlimit', () => {
  it('is a global option, before or after the command, in rclone’s units', () => {
    expect(splitGlobalOptions(['--bwlimit', '10M', 'send', '--all'])).toMatchObject({
      command: 'send',
      rest: ['--all'],
      bandwidthLimit: 10 * 1024 * 1024,
    });
    expect(splitGlobalOptions(['upload', 'a.png', '--bwlimit=512K']).bandwidthLimit).toBe(512 * 1024);
    expect(splitGlobalOptions(['run', '--bwlimit', 'off']).bandwidthLimit).toBeNull();
    expect(splitGlobalOptions(['run']).bandwidthLimit).toBeUndefined();
  });

  it('refuses a rate it cannot read with exit 2 and what it takes', async () => {
    const outcome = await run('--bwlimit', 'fast', 'send', '--all');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--bwlimit: "fast" is not a bandwidth limit: e\.g\. "10M" \(10 MiB\/s\)/);
    expect(outcome.stdout).toBe('');
  });

  it('refuses a missing rate, a timetable and a rate below the floor, with exit 2', async () => {
    for (const [args, why] of [
      [['send', '--all', '--bwlimit'], /--bwlimit needs a rate/],
      [['send', '--all', '--bwlimit', '08:00,512K'], /no timetable or up:down pair/],
      [['send', '--all', '--bwlimit=1K'], /below the smallest limit/],
    ] as const) {
      const outcome = await run(...args);
      expect(outcome.code, outcome.stderr).toBe(2);
      expect(outcome.stderr).toMatch(why);
    }
  });

  it('refuses the option on a command that sends nothing', async () => {
    const outcome = await run('sessions', '--bwlimit', '10M', '--json');
    expect(outcome.code).toBe(2);
    expect(jsonOf<{ error: { message: string } }>(outcome).error.message).toMatch(
      /--bwlimit limits what a command sends: use it with upload, send, run, retry, post \(not sessions\)/,
    );
  });

  it('uploads under a cap', async () => {
    const outcome = await run('upload', image, '--account', 'sandbox', '--bwlimit', '1M', '--json');
    expect(outcome.code, outcome.stderr).toBe(0);
  });
});

describe('xfer prefs bandwidthLimit and appendsInFlight', () => {
  it('keeps a cap in the same words and reads it back; a bad one is exit 2 and changes nothing', async () => {
    expect((await run('prefs', 'bandwidthLimit', '1.5M')).stdout).toBe('bandwidthLimit = 1536K\n');
    const bad = await run('prefs', 'bandwidthLimit', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"lots" is not a bandwidth limit/);
    expect(jsonOf(await run('prefs', 'bandwidthLimit', '--json'))).toEqual({ bandwidthLimit: 1536 * 1024 });
  });

  it('takes adaptive or 1–16 APPENDs in flight and refuses 17 naming the preference', async () => {
    expect((await run('prefs', 'appendsInFlight', '6')).stdout).toBe('appendsInFlight = 6\n');
    const tooMany = await run('prefs', 'appendsInFlight', '17');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/Preference "appendsInFlight"/);
    expect((await run('prefs', 'appendsInFlight', 'adaptive')).stdout).toBe('appendsInFlight = adaptive\n');
  });
});

// A file the checks refuse is said once: its reasons are a result (stdout, with the table or the validate
// line), and at most a one-line heads-up goes to stderr. A terminal shows both streams, so a table printed on
// each would read twice. `--json` stays one document on stdout; the exit codes are the CLI's (1 when refused).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/media.ts';
import { jsonOf, xfer } from './run-xfer.ts';

const REASON = 'is not a media file X accepts';
let media: string;
let dataDir: string;
let good: string;
let bad: string;
beforeAll(async () => {
  media = await mkdtemp(join(tmpdir(), 'xfer-cli-refusals-media-'));
  good = await makePng(media, { width: 16, height: 16 });
  bad = join(media, 'bad.mp4');
  await writeFile(bad, randomBytes(4096));
});
afterAll(() => rm(media, { recursive: true, force: true }));
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-cli-refusals-data-'));
  return () => rm(dataDir, { recursive: true, force: true });
});
const run = (...args: string[]) => xfer(['--data-dir', dataDir, ...args]);
const times = (text: string, part: string) => text.split(part).length - 1;

const COMMANDS = {
  validate: [] as string[],
  prepare: ['--account', 'sandbox'],
  upload: ['--account', 'sandbox'],
};

describe.each(Object.entries(COMMANDS))('xfer %s with a refused file', (command, options) => {
  it.each([
    ['alone', () => [bad]],
    ['beside a good one', () => [good, bad]],
  ])('%s: the reason once, on stdout; exit 1', async (_, files) => {
    const outcome = await run(command, ...files(), ...options);
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(times(outcome.stdout, REASON), outcome.stdout).toBe(1);
    expect(times(outcome.stderr, REASON), outcome.stderr).toBe(0);
    expect(times(`${outcome.stdout}${outcome.stderr}`, 'STATE'), 'one table header').toBe(
      command === 'validate' ? 0 : 1,
    );
  });

  it('--json: one document on stdout, the reason in it once', async () => {
    const outcome = await run(command, good, bad, ...options, '--json');
    expect(outcome.code).toBe(1);
    jsonOf(outcome);
    expect(times(outcome.stdout, REASON)).toBe(1);
    expect(outcome.stderr).not.toContain(REASON);
  });
});

it('xfer upload names the refused file on stderr before it sends the rest, in one line', async () => {
  const outcome = await run('upload', good, bad, '--account', 'sandbox');
  const headsUp = outcome.stderr.split('\n').filter((line) => line.includes('did not pass validation'));
  expect(headsUp).toEqual(['xfer: 1 file did not pass validation and will not be sent: bad.mp4']);
  expect(outcome.stderr).toContain('1 of 2 files uploaded');
});

// What the CLI prints is safe on a terminal: a file name holding an ANSI escape or a line break is shown
// escaped (it cannot recolour the screen or forge a line), and alt text with control characters other than
// line breaks and tabs is refused offline with the reason.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/media.ts';
import { xfer } from './run-xfer.ts';

let work: string;
let png: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'xfer-safe-output-'));
  png = await makePng(work, { width: 32, height: 24 });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('safe output', () => {
  it('a file name with an ANSI escape and a line break is printed escaped', async () => {
    const hostile = join(work, '\u001b[2J\u001b[31mred\n✓ forged.png');
    await copyFile(png, hostile);
    const outcome = await xfer(['--data-dir', join(work, 'data'), 'validate', hostile]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).not.toContain('\u001b');
    expect(outcome.stdout).toContain('\\x1b[2J\\x1b[31mred\\n✓ forged.png');
    expect(outcome.stdout.split('\n').filter((line) => line.startsWith('✓'))).toHaveLength(1);
  });

  it('alt text with an escape character is refused offline, saying which character and where', async () => {
    const outcome = await xfer(['--data-dir', join(work, 'data'), 'validate', png, '--alt', 'Sunset\u001b[8m hidden']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('Alt text holds a control character (U+001B at position 7)');
    expect(outcome.stdout).not.toContain('\u001b');
  });

  it('alt text with line breaks and tabs is fine', async () => {
    const outcome = await xfer(['--data-dir', join(work, 'data'), 'validate', png, '--alt', 'Line one\nLine\ttwo']);
    expect(outcome.code, outcome.stdout).toBe(0);
  });
});

import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nearest } from '../../main/cli/suggest.ts';
import { renderTable } from '../../main/cli/table.ts';
import { palette } from '../../main/cli/color.ts';
import { count, truncateName } from '../../main/cli/words.ts';

describe('did you mean', () => {
  it('suggests the near miss for a typo or a unique prefix, and nothing for an unrelated word', () => {
    const commands = ['prepare', 'send', 'upload', 'sessions', 'accounts'];
    expect(nearest('sesions', commands)).toBe('sessions');
    expect(nearest('acounts', commands)).toBe('accounts');
    expect(nearest('up', commands)).toBe('upload');
    expect(nearest('--acount', ['--account', '--alt'])).toBe('--account');
    expect(nearest('banana', commands)).toBeNull();
  });
});

describe('counts', () => {
  it('spell the noun in the singular for one and the plural otherwise', () => {
    expect([count(0, 'file'), count(1, 'file'), count(2, 'session'), count(1200, 'file')]).toEqual([
      '0 files',
      '1 file',
      '2 sessions',
      '1,200 files',
    ]);
  });
});

describe('file names cut to fit', () => {
  it('keep the extension and mark the cut', () => {
    expect(truncateName('holiday-in-the-mountains-2026.mp4', 20)).toBe('holiday-in-the-….mp4');
    expect(truncateName('holiday-in-the-mountains-2026.mp4', 20)).toHaveLength(20);
    expect(truncateName('short.png', 20)).toBe('short.png');
    expect(truncateName('no-extension-at-all-here', 10)).toBe('no-extens…');
  });
});

describe('tables', () => {
  it('have an upper-case header row and columns aligned by two spaces', () => {
    const text = renderTable(
      ['id', 'state'],
      [
        ['ab12', 'succeeded'],
        ['c', 'ready'],
      ],
    );
    expect(text).toBe('ID    STATE\nab12  succeeded\nc     ready\n');
  });

  it('align by the plain text, so colour never shifts a column', () => {
    const rows = [
      [{ text: 'failed', style: 'red' as const }, 'x'],
      ['ready', 'y'],
    ];
    const coloured = renderTable(['state', 'file'], rows, { palette: palette(true) });
    expect(coloured).toContain('\x1b[');
    const plain = stripVTControlCharacters(coloured);
    expect(plain).toBe(renderTable(['state', 'file'], rows));
    expect(plain).toBe('STATE   FILE\nfailed  x\nready   y\n');
  });

  it('shrink the marked column to the width, keeping file extensions', () => {
    const text = renderTable(['id', 'file', 'size'], [['ab12', 'a-very-long-file-name-from-a-camera.mov', '1 MB']], {
      maxWidth: 30,
      shrink: 1,
    });
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(30);
    expect(text).toMatch(/…\.mov\s+1 MB/);
  });
});

// Text from outside (file names, X's messages) printed to a terminal: control characters and escapes are
// shown escaped, so a name cannot clear the screen, recolour it, or forge a line.
import { describe, expect, it } from 'vitest';
import { firstControlCharacter, printable } from '../../main/common/printable.ts';

describe('printable', () => {
  it('escapes ANSI escape sequences, other C0 and C1 controls, DEL and line breaks', () => {
    expect(printable('\u001b[2J\u001b[31mevil.png')).toBe('\\x1b[2J\\x1b[31mevil.png');
    expect(printable('a\nb\rc\u0007d\u007fe\u009bf')).toBe('a\\nb\\rc\\x07d\\x7fe\\x9bf');
  });

  it('escapes bidirectional overrides that reorder what a name seems to say', () => {
    expect(printable('invoice\u202egnp.exe')).toBe('invoice\\u{202e}gnp.exe');
  });

  it('leaves ordinary text, accents, emoji and tabs as they are', () => {
    expect(printable('Café 🎬 clip\t1.mp4')).toBe('Café 🎬 clip\t1.mp4');
  });
});

describe('firstControlCharacter', () => {
  it('finds the first control character other than those allowed, with its position', () => {
    expect(firstControlCharacter('line one\nline two\tend', ['\n', '\t'])).toBeNull();
    expect(firstControlCharacter('ok\u001b[31m', ['\n', '\t'])).toEqual({ codePoint: 'U+001B', index: 2 });
  });
});

// Text that came from outside (file names, X's or a proxy's messages) made safe to print on a terminal or
// in a log: control characters (C0, DEL, C1 — ANSI escapes start with one) and the bidirectional overrides
// that reorder a line are shown escaped, so such text cannot clear the screen, recolour it, move the cursor,
// forge a line or disguise a name. Pure and dependency-free.

// C0 except tab, DEL, C1; and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

function escaped(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** `text` with every unsafe character written as an escape (\x1b, \n, \u{202e}); tabs stay. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** The first control character (Unicode Cc) in `text` other than `allowed`, or null: for refusing input. */
export function firstControlCharacter(
  text: string,
  allowed: readonly string[],
): { codePoint: string; index: number } | null {
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (allowed.includes(char) || !/\p{Cc}/u.test(char)) continue;
    return { codePoint: `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, index };
  }
  return null;
}

// The one redaction: every form a secret can take on its way into a message or a log — as it is,
// percent-encoded (OAuth's RFC 3986 encoding, and encodeURIComponent's), and base64 (standard and URL-safe,
// alone or inside a longer blob such as HTTP Basic's `id:secret`). Pure and dependency-free.

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not looked for: they would match ordinary text. */
const MIN_SECRET_CHARS = 4;
/** A base64 fragment shorter than this is not taken for a secret's (too likely by chance). */
const MIN_BASE64_FRAGMENT = 6;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The secret with each character as it is or percent-encoded (either hex case, `+` or `%20` for a space):
 * any encoder's output, RFC 3986's, encodeURIComponent's, or one that escapes more than it must.
 */
function percentPattern(secret: string): RegExp {
  const parts = [...secret].map((char) => {
    const escapes = [...new TextEncoder().encode(char)]
      .map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
      .join('');
    const alternatives = [escapeRegExp(char), escapes];
    if (char === ' ') alternatives.push('\\+');
    return `(?:${alternatives.join('|')})`;
  });
  return new RegExp(parts.join(''), 'gi');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The part of the secret's base64 that is the same wherever it sits in a longer encoded string, for each of
 * the three alignments: characters mixing in bits of the bytes before or after it are left out.
 */
function base64Fragments(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const fragments: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const padded = new Uint8Array(lead + bytes.length);
    padded.set(bytes, lead);
    const encoded = toBase64(padded).replace(/=+$/, '');
    const start = Math.ceil((8 * lead) / 6);
    const end = Math.floor((8 * (lead + bytes.length)) / 6);
    const fragment = encoded.slice(start, end);
    if (fragment.length < MIN_BASE64_FRAGMENT) continue;
    fragments.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return fragments;
}

/** The literal forms of `secret` to look for (it and its base64), longest first so a longer one goes whole. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_CHARS) return [];
  const forms = new Set([secret, ...base64Fragments(secret)]);
  return [...forms].sort((a, b) => b.length - a.length);
}

interface SecretMatchers {
  percent: RegExp;
  /** The secret in lower case when it is all ASCII (see redact), else null. */
  asciiLower: string | null;
  forms: string[];
}

const ASCII_ONLY = /^[^\u0080-\uffff]*$/;

/**
 * Each secret's pattern and forms, built once: the logger redacts every string of every line against every
 * secret the process holds, and building them per call (a regex of one alternation per character) cost
 * ~6 ms of CPU per log line with two accounts' secrets (~45 ms per uploaded file). A process holds few
 * secrets; the bound only keeps a long-lived one from growing without end.
 */
const matchers = new Map<string, SecretMatchers>();
const MATCHERS_KEPT = 256;

function matchersOf(secret: string): SecretMatchers {
  let found = matchers.get(secret);
  if (!found) {
    if (matchers.size >= MATCHERS_KEPT) matchers.clear();
    found = {
      percent: percentPattern(secret),
      asciiLower: ASCII_ONLY.test(secret) ? secret.toLowerCase() : null,
      forms: secretForms(secret),
    };
    matchers.set(secret, found);
  }
  return found;
}

/**
 * `text` with every form of every secret replaced by [redacted].
 *
 * The percent pattern runs only where it can match: V8 interprets a pattern this size until it has run it
 * often (~0.3 ms per log line). In ASCII text with no `%` and no `+` it can only match the secret itself,
 * case-insensitive, which for an ASCII secret is exactly a lower-case `includes`. A replacement brings in
 * neither `%`, `+` nor anything beyond ASCII, so that holds for the text as it is being redacted too.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const plain = ASCII_ONLY.test(text) && !text.includes('%') && !text.includes('+');
  let result = text;
  let lowered: string | null = null;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    const { percent, asciiLower, forms } = matchersOf(secret);
    if (!plain || asciiLower === null || (lowered ??= result.toLowerCase()).includes(asciiLower)) {
      result = result.replace(percent, REDACTED);
      lowered = null;
    }
    for (const form of forms) {
      if (!result.includes(form)) continue;
      result = result.split(form).join(REDACTED);
      lowered = null;
    }
  }
  return result;
}

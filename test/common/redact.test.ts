// Secrets leave no trace in a message in any form they travel in: raw, percent-encoded, base64.
import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../main/common/redact.ts';

const secret = 'Xk9/+pQ r!s*t(u)v~w=z-secret';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('redact', () => {
  it('removes the secret as it is', () => {
    expect(redact(`token ${secret} refused`, [secret])).toBe(`token ${REDACTED} refused`);
  });

  it('removes its percent-encoded forms (encodeURIComponent, RFC 3986, lower-case hex)', () => {
    const component = encodeURIComponent(secret);
    const rfc3986 = component.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
    for (const form of [component, rfc3986, rfc3986.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())]) {
      const text = redact(`oauth_token="${form}"`, [secret]);
      expect(text, form).toBe(`oauth_token="${REDACTED}"`);
    }
  });

  it('removes its base64 forms, alone, URL-safe, and inside a longer blob at every alignment', () => {
    const alone = redact(`echo ${base64(secret)}`, [secret]);
    expect(alone).not.toContain(base64(secret).slice(4, -4));
    expect(alone).toContain(REDACTED);
    const urlSafe = base64(secret).replace(/\+/g, '-').replace(/\//g, '_');
    expect(redact(urlSafe, [secret])).not.toContain(urlSafe.slice(4, -4));
    for (const prefix of ['', 'a', 'ab', 'client-id:']) {
      const basic = base64(`${prefix}${secret}`);
      const text = redact(`Authorization: Basic ${basic}`, [secret]);
      expect(text, prefix).toContain(REDACTED);
      // What is left of the blob cannot be decoded back to the secret.
      expect(
        Buffer.from(text.replace('Authorization: Basic ', '').replace(REDACTED, ''), 'base64').toString('utf8'),
      ).not.toContain(secret.slice(2, -2));
    }
  });

  it('removes a secret in any letter case, with or without percent escapes or non-ASCII around it', () => {
    const plain = 'tokenSECRETvalue42';
    for (const text of [
      `a ${plain.toUpperCase()} b`,
      `a ${plain.toLowerCase()} b`,
      `50% ${plain.toUpperCase()} b`,
      `1+1 ${plain.toLowerCase()}`,
      `é ${plain.toUpperCase()}`,
    ]) {
      expect(redact(text, [plain]), text).not.toMatch(/secretvalue/i);
    }
    const accented = 'clé-secrète-42';
    expect(redact(`x ${accented} y`, [accented])).toBe(`x ${REDACTED} y`);
    expect(redact(`x ${encodeURIComponent(accented)} y`, [accented])).toBe(`x ${REDACTED} y`);
    // Asked again and again (the patterns are built once), the answer is the same.
    for (let round = 0; round < 3; round++) expect(redact(`[${plain}]`, [plain, accented])).toBe(`[${REDACTED}]`);
  });

  it('leaves other text alone and ignores secrets too short to look for', () => {
    expect(redact('nothing to hide here', [secret, 'abc'])).toBe('nothing to hide here');
    expect(redact('abc abc', ['abc'])).toBe('abc abc');
  });
});

// parseAuthorizationHeader: the server side's reading of `Authorization: OAuth …`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizationHeader, parseAuthorizationHeader } from '../../../main/core/oauth1/index.ts';

describe('parseAuthorizationHeader', () => {
  it('reads the parameters, decodes the values and ignores realm', () => {
    const parsed = parseAuthorizationHeader('OAuth realm="Example", oauth_nonce="a%20b", oauth_signature="x%2By%3D"');
    expect(parsed).toEqual({ ok: true, params: { oauth_nonce: 'a b', oauth_signature: 'x+y=' } });
  });

  it('refuses a missing header', () => {
    expect(parseAuthorizationHeader(undefined)).toEqual({ ok: false, reason: 'missing Authorization header' });
  });

  it('refuses another scheme', () => {
    expect(parseAuthorizationHeader('Bearer abc').ok).toBe(false);
  });

  it('refuses duplicate parameter names, as X does', () => {
    const parsed = parseAuthorizationHeader('OAuth oauth_nonce="a", oauth_nonce="b"');
    expect(parsed).toEqual({ ok: false, reason: 'duplicate parameter oauth_nonce' });
  });

  it('refuses a malformed header', () => {
    expect(parseAuthorizationHeader('OAuth oauth_nonce=unquoted').ok).toBe(false);
    expect(parseAuthorizationHeader('OAuth oauth_nonce="a" trailing').ok).toBe(false);
  });

  it('keeps a parameter named __proto__ as a parameter', () => {
    const parsed = parseAuthorizationHeader('OAuth __proto__="x", oauth_nonce="n"');
    expect(parsed.ok && Object.hasOwn(parsed.params, '__proto__')).toBe(true);
    expect(parsed.ok && parsed.params['__proto__']).toBe('x');
  });

  it('reads back any header the signer writes', () => {
    const name = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }).filter((n) => n !== 'realm');
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ unit: 'grapheme', maxLength: 20 }), { minKeys: 1 }), (params) => {
        expect(parseAuthorizationHeader(authorizationHeader(params))).toEqual({ ok: true, params });
      }),
    );
  });
});

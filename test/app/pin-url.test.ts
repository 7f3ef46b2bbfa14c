import { describe, expect, it } from 'vitest';
import { vetAuthorizeUrl } from '../../main/app/pin-url.ts';

describe('the PIN authorize page', () => {
  it('is opened only at the account API base plus /oauth/authorize', () => {
    const good = 'http://127.0.0.1:4000/oauth/authorize?oauth_token=abc';
    expect(vetAuthorizeUrl(good, 'http://127.0.0.1:4000')).toBe(good);
    expect(vetAuthorizeUrl('https://api.x.com/oauth/authorize?oauth_token=t', undefined)).toContain('api.x.com');
  });

  it('refuses any other origin, path or shape', () => {
    for (const bad of [
      'https://evil.example/oauth/authorize?oauth_token=t',
      'https://api.x.com/oauth/authenticate?oauth_token=t',
      'https://api.x.com/oauth/authorize/../x?oauth_token=t',
      'https://user@api.x.com/oauth/authorize?oauth_token=t',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(() => vetAuthorizeUrl(bad, undefined), bad).toThrow();
    }
  });
});

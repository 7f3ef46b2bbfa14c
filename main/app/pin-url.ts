// The URLs main ever opens in the user's browser: X's (or the sandbox's) PIN authorize page
// (or OAuth 2.0 authorize page) for the account being added. Anything else is refused, whatever produced it.
import { resolveEndpoints } from '../core/accounts/endpoints.ts';
import { fail } from '../common/errors.ts';
import { authorizationServer } from '../core/oauth2/endpoints.ts';

export function vetAuthorizeUrl(url: string, apiBase: string | undefined): string {
  const expected = `${resolveEndpoints(apiBase ?? null, null).apiBase}/oauth/authorize`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail('validation', 'The login page address is not a URL; not opening it');
  }
  const page = `${parsed.origin}${parsed.pathname}`;
  if (page !== expected || !url.startsWith(`${expected}?`) || parsed.username || parsed.password || parsed.hash) {
    fail('validation', `Refusing to open ${parsed.origin}${parsed.pathname}: the login page must be ${expected}`);
  }
  return url;
}

/** The OAuth 2.0 authorize page for the account being added (X's on x.com, or the one server of --api-base). */
export function vetOAuth2AuthorizeUrl(url: string, apiBase: string | undefined): string {
  const expected = authorizationServer(resolveEndpoints(apiBase ?? null, null).apiBase).authorization_endpoint ?? '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail('validation', 'The sign-in page address is not a URL; not opening it');
  }
  if (`${parsed.origin}${parsed.pathname}` !== expected || parsed.username || parsed.password || parsed.hash) {
    fail('validation', `Refusing to open ${parsed.origin}${parsed.pathname}: the sign-in page must be ${expected}`);
  }
  return url;
}

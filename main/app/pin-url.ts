// The one URL main ever opens in the user's browser: X's (or the sandbox's) PIN authorize page
// for the account being added. Anything else is refused, whatever produced it.
import { resolveEndpoints } from '../core/accounts/endpoints.ts';
import { fail } from '../core/errors.ts';

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

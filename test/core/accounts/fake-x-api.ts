// A scripted stand-in for the three X calls the registry makes, recording what it was asked.
// Tokens map to identities; a PIN is valid only for the request token it was issued for.
import { isBearer } from '../../../main/core/x-api/types.ts';
import { fail } from '../../../main/common/errors.ts';
import type { XApi } from '../../../main/core/accounts/x-api-port.ts';
import type { Identity } from '../../../main/core/x-api/types.ts';

export interface FakeXApi extends XApi {
  identities: Map<string, Identity>;
  /** request token → the PIN the "browser" shows for it */
  pins: Map<string, string>;
  verified: { token: string; apiBase: string; uploadBase: string; api: string }[];
}

export function fakeXApi(): FakeXApi {
  const identities = new Map<string, Identity>();
  const pins = new Map<string, string>();
  const grants = new Map<string, { token: string; tokenSecret: string; identity: Identity }>();
  const verified: FakeXApi['verified'] = [];
  let counter = 0;
  return {
    identities,
    pins,
    verified,
    async requestToken(consumer, apiBase) {
      if (consumer.consumerSecret === 'wrong') fail('auth', 'Could not authenticate you (32)');
      counter += 1;
      const token = `request-${counter}`;
      pins.set(token, String(1000000 + counter));
      const identity = { userId: String(500 + counter), screenName: `pin_user_${counter}` };
      const granted = { token: `access-${counter}`, tokenSecret: `access-secret-${counter}`, identity };
      grants.set(token, granted);
      identities.set(granted.token, identity);
      return {
        token,
        tokenSecret: `request-secret-${counter}`,
        authorizeUrl: `${apiBase}/oauth/authorize?oauth_token=${token}`,
      };
    },
    async accessToken(_consumer, requestToken, pin) {
      const granted = grants.get(requestToken.token);
      if (!granted || pins.get(requestToken.token) !== pin) fail('auth', 'Invalid or expired token (89)');
      return { token: granted.token, tokenSecret: granted.tokenSecret, ...granted.identity };
    },
    async verifyCredentials({ api, endpoints, credentials }) {
      if (isBearer(credentials)) fail('auth', 'this fake speaks OAuth 1.0a only');
      verified.push({ token: credentials.token, api, ...endpoints });
      const identity = identities.get(credentials.token);
      if (!identity) fail('auth', 'Could not authenticate you (32)');
      return identity;
    },
  };
}

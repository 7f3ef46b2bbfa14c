// PIN (out-of-band) login, reference §4: request_token (oob, consumer-only signature) →
// authorize page showing a 7-digit PIN → access_token with oauth_verifier (single use).
import { randomBytes, randomInt } from 'node:crypto';
import { apiErrors } from './api-errors.ts';
import type { SandboxUser } from './credentials.ts';
import { refuseWith, type HandlerResult, type Reply, type Route, type RouteContext } from './route.ts';
import type { TokenRecord } from './verifier.ts';

interface PendingLogin {
  secret: string;
  pin: string;
  user: SandboxUser;
}

const form = (pairs: Record<string, string>): Reply => ({
  status: 200,
  text: new URLSearchParams(pairs).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createPinLogin(users: readonly SandboxUser[]) {
  const pending = new Map<string, PendingLogin>();
  const first = users[0];
  if (!first) throw new Error('the sandbox needs at least one user');
  const firstUser: SandboxUser = first;

  function requestToken(context: RouteContext): HandlerResult {
    const callback = context.oauth.oauth_callback ?? context.fields.get('oauth_callback');
    if (callback !== 'oob')
      return refuseWith(apiErrors.desktopMustUseOob(), `request_token with oauth_callback ${callback}`);
    const token = `sandbox-request-${randomBytes(12).toString('hex')}`;
    const secret = randomBytes(16).toString('hex');
    pending.set(token, { secret, pin: String(randomInt(0, 10_000_000)).padStart(7, '0'), user: firstUser });
    return {
      ok: true,
      reply: form({ oauth_token: token, oauth_token_secret: secret, oauth_callback_confirmed: 'true' }),
    };
  }

  /** The page a user would see; `screen_name` picks which demo user approves (default: the first). */
  function authorize(context: RouteContext): HandlerResult {
    const token = context.query.get('oauth_token') ?? '';
    const login = pending.get(token);
    if (!login) {
      return {
        ok: true,
        reply: {
          status: 404,
          text: '<!doctype html><p>This request token is unknown or used.</p>',
          contentType: 'text/html; charset=utf-8',
        },
      };
    }
    const chosen = users.find((user) => user.screenName === context.query.get('screen_name'));
    if (chosen) login.user = chosen;
    const html = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>Xfer sandbox: authorize</title>
<h1>Xfer sandbox</h1><p>Signed in as @${escapeHtml(login.user.screenName)}. Enter this PIN in the app:</p>
<p><code id="oauth_pin">${login.pin}</code></p>`;
    return { ok: true, reply: { status: 200, text: html, contentType: 'text/html; charset=utf-8' } };
  }

  function accessToken(context: RouteContext): HandlerResult {
    const token = context.token ?? '';
    const login = pending.get(token);
    if (!login) return refuseWith(apiErrors.invalidToken(), 'access_token with an unknown request token');
    const verifier =
      context.oauth.oauth_verifier ?? context.fields.get('oauth_verifier') ?? context.query.get('oauth_verifier');
    if (verifier !== login.pin) return refuseWith(apiErrors.couldNotAuthenticate(), 'access_token with a wrong PIN');
    pending.delete(token);
    const user = login.user;
    return {
      ok: true,
      reply: form({
        oauth_token: user.token,
        oauth_token_secret: user.tokenSecret,
        user_id: user.userId,
        screen_name: user.screenName,
      }),
    };
  }

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/oauth\/request_token$/,
      dialect: 'v1',
      auth: 'none',
      faultable: false,
      bucket: () => null,
      handle: requestToken,
    },
    {
      method: 'GET',
      pattern: /^\/oauth\/authorize$/,
      dialect: 'v1',
      auth: 'public',
      faultable: false,
      bucket: () => null,
      handle: authorize,
    },
    {
      method: 'POST',
      pattern: /^\/oauth\/access_token$/,
      dialect: 'v1',
      auth: 'request',
      faultable: false,
      bucket: () => null,
      handle: accessToken,
    },
  ];

  return {
    routes,
    lookupRequestToken: (token: string): TokenRecord | null => {
      const login = pending.get(token);
      return login ? { secret: login.secret } : null;
    },
    /** For tests: the PIN for a request token, optionally approving as another demo user. */
    pinFor(requestToken: string, screenName?: string): string | null {
      const login = pending.get(requestToken);
      if (!login) return null;
      const chosen = users.find((user) => user.screenName === screenName);
      if (chosen) login.user = chosen;
      return login.pin;
    },
  };
}

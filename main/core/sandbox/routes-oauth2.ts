// OAuth 2.0 Authorization Code with PKCE over HTTP (reference §9): the authorize page (a consent
// form a test or a person can approve or deny), the token endpoint (authorization_code and
// refresh_token grants, form-encoded, a public client's client_id in the body) and revoke.
// Errors before the redirect URI is known to be registered are shown as a page (never redirected);
// after that they go back to the app as `error` and `error_description`, with the state.
import type { SandboxUser } from './credentials.ts';
import { OAUTH2_SCOPES, type AuthorizeRequest, type OAuth2Grants, type TokenOutcome } from './oauth2-grants.ts';
import type { HandlerResult, Reply, Route, RouteContext } from './route.ts';

const MAX_STATE_CHARS = 500;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// An empty icon: the browser asks the sandbox for no favicon (a 404 in its console).
const page = (status: number, body: string): HandlerResult => ({
  ok: true,
  reply: {
    status,
    text: `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>Xfer sandbox: authorize</title><h1>Xfer sandbox</h1>${body}`,
    contentType: 'text/html; charset=utf-8',
  },
});

function redirect(uri: string, params: Record<string, string>): HandlerResult {
  const target = new URL(uri);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return { ok: true, reply: { status: 302, text: '', headers: { location: target.href } } };
}

const tokenReply = (outcome: TokenOutcome): HandlerResult => ({
  ok: true,
  reply: outcome.ok
    ? { status: 200, json: outcome.answer, headers: { 'cache-control': 'no-store' } }
    : { status: 400, json: { error: outcome.error, error_description: outcome.description } },
});

const tokenError = (error: string, description: string): HandlerResult => tokenReply({ ok: false, error, description });

export function oauth2Routes(grants: OAuth2Grants, users: readonly SandboxUser[]): Route[] {
  function authorize(context: RouteContext): HandlerResult {
    const query = context.query;
    const client = grants.client(query.get('client_id') ?? '');
    if (!client) return page(400, '<p id="oauth2_error">Something went wrong: this app (client_id) is unknown.</p>');
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!grants.redirectAllowed(client, redirectUri)) {
      return page(
        400,
        `<p id="oauth2_error">Something went wrong: the redirect_uri ${escapeHtml(redirectUri)} is not registered for this app.</p>`,
      );
    }
    const state = query.get('state') ?? '';
    const back = (error: string, description: string) =>
      redirect(redirectUri, { error, error_description: description, ...(state && { state }) });
    if (query.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code');
    if (!state || state.length > MAX_STATE_CHARS)
      return back('invalid_request', 'state is required (at most 500 characters)');
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = scopes.filter((scope) => !(OAUTH2_SCOPES as readonly string[]).includes(scope));
    if (scopes.length === 0 || unknown.length > 0) {
      return back('invalid_scope', unknown.length ? `Unknown scope: ${unknown.join(' ')}` : 'scope is required');
    }
    const codeChallenge = query.get('code_challenge') ?? '';
    if (query.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
      return back('invalid_request', 'code_challenge with code_challenge_method=S256 is required');
    }
    const request: AuthorizeRequest = { clientId: client.clientId, redirectUri, scopes, state, codeChallenge };
    const consentId = grants.startConsent(request);
    const options = users
      .map((user) => `<option value="${escapeHtml(user.screenName)}">@${escapeHtml(user.screenName)}</option>`)
      .join('');
    return page(
      200,
      `<p><strong>${escapeHtml(client.name)}</strong> wants to access your X account.</p>
<p>It asks for: <code id="oauth2_scopes">${escapeHtml(scopes.join(' '))}</code></p>
<form method="post" action="/i/oauth2/authorize/consent">
<input type="hidden" name="consent_id" value="${escapeHtml(consentId)}">
<label>Sign in as <select name="screen_name">${options}</select></label>
<button type="submit" name="decision" value="approve" id="oauth2_approve">Authorize app</button>
<button type="submit" name="decision" value="deny" id="oauth2_deny">Cancel</button>
</form>`,
    );
  }

  function consent(context: RouteContext): HandlerResult {
    const consentId = context.fields.get('consent_id') ?? '';
    const decision = context.fields.get('decision');
    const user = users.find((candidate) => candidate.screenName === context.fields.get('screen_name')) ?? users[0];
    if (!user) throw new Error('the sandbox needs at least one user');
    const decided = grants.decide(consentId, decision === 'approve', user);
    if (!decided)
      return page(400, '<p id="oauth2_error">This authorization request is unknown or already answered.</p>');
    const { request, code } = decided;
    if (code === null) {
      return redirect(request.redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied the authorization request.',
        state: request.state,
      });
    }
    return redirect(request.redirectUri, { state: request.state, code });
  }

  function token(context: RouteContext): HandlerResult {
    if (context.contentType !== 'application/x-www-form-urlencoded') {
      return tokenError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    const field = (name: string) => context.fields.get(name) ?? '';
    const clientId = field('client_id');
    if (!grants.client(clientId)) return tokenError('invalid_client', 'Missing valid authorization header');
    switch (field('grant_type')) {
      case 'authorization_code':
        return tokenReply(
          grants.exchangeCode({
            code: field('code'),
            clientId,
            redirectUri: field('redirect_uri'),
            codeVerifier: field('code_verifier'),
          }),
        );
      case 'refresh_token':
        return tokenReply(grants.refresh({ refreshToken: field('refresh_token'), clientId }));
      default:
        return tokenError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }
  }

  function revoke(context: RouteContext): HandlerResult {
    const clientId = context.fields.get('client_id') ?? '';
    if (!grants.client(clientId)) return tokenError('invalid_client', 'Missing valid authorization header');
    const revoked = grants.revoke(context.fields.get('token') ?? '', clientId);
    if (!revoked) return tokenError('invalid_request', 'The token belongs to another app.');
    const reply: Reply = { status: 200, json: { revoked: true } };
    return { ok: true, reply };
  }

  const base = { dialect: 'v2' as const, auth: 'public' as const, faultable: false, bucket: () => null };
  return [
    { ...base, method: 'GET', pattern: /^\/(?:i|2)\/oauth2\/authorize$/, handle: authorize },
    { ...base, method: 'POST', pattern: /^\/i\/oauth2\/authorize\/consent$/, handle: consent },
    { ...base, method: 'POST', pattern: /^\/2\/oauth2\/token$/, handle: token },
    { ...base, method: 'POST', pattern: /^\/2\/oauth2\/revoke$/, handle: revoke },
  ];
}

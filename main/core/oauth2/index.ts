// OAuth 2.0 Authorization Code with PKCE for a desktop app (reference §9): the protocol over
// oauth4webapi and the loopback redirect listener. Pure of accounts: main/core/accounts stores tokens.
export {
  authorizationServer,
  DEFAULT_OAUTH2_PORT,
  DEFAULT_REDIRECT_URI,
  X_AUTHORIZE_URL,
  XFER_OAUTH2_SCOPES,
} from './endpoints.ts';
export { listenForCallback, parseRedirectUri, SIGN_IN_TIMEOUT_MS, type LoopbackListener } from './loopback.ts';
export {
  beginAuthorization,
  finishAuthorization,
  refreshTokens,
  revokeToken,
  type OAuth2Client,
  type OAuth2Tokens,
  type PendingAuthorization,
} from './protocol.ts';
export { startSignIn, type SignIn } from './sign-in.ts';

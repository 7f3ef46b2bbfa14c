// The sandbox's demo credentials. They are fixed constants, NOT secrets: they only open the local
// emulator, so the app's built-in sandbox account keeps working across restarts and processes.

export interface SandboxUser {
  userId: string;
  screenName: string;
  name: string;
  token: string;
  tokenSecret: string;
  /** X Premium: 25,000 weighted characters a post instead of 280 (reference §7). */
  premium?: boolean;
}

export const SANDBOX_CONSUMER_KEY = 'xfer-sandbox-consumer';
export const SANDBOX_CONSUMER_SECRET = 'xfer-sandbox-consumer-secret-not-a-secret';

// Ids above 2^53 on purpose, like real X ids, so clients that parse them as numbers break here first.
export const SANDBOX_USERS: readonly SandboxUser[] = [
  {
    userId: '1880000000000000001',
    screenName: 'xfer_demo',
    name: 'Xfer Demo',
    token: '1880000000000000001-xferSandboxDemoTokenOne',
    tokenSecret: 'xfer-sandbox-demo-token-secret-one-not-a-secret',
  },
  {
    userId: '1880000000000000002',
    screenName: 'xfer_demo_two',
    name: 'Xfer Demo Two',
    token: '1880000000000000002-xferSandboxDemoTokenTwo',
    tokenSecret: 'xfer-sandbox-demo-token-secret-two-not-a-secret',
  },
];

/**
 * The OAuth 2.0 demo app (a public "Native App" client, no secret): lets a new user try the
 * Authorization Code + PKCE flow with no X app. Its redirect URI is Xfer's default; as a sandbox
 * ruling it also takes http://127.0.0.1:<any port>/callback so the demo works when 53682 is taken.
 */
export const SANDBOX_OAUTH2_CLIENT_ID = 'xfer-sandbox-oauth2-demo-client';
export const SANDBOX_OAUTH2_REDIRECT_URI = 'http://127.0.0.1:53682/callback';

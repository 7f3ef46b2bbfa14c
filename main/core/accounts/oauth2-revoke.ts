// Removing an OAuth 2.0 account tells X to revoke its grant first (`/2/oauth2/revoke`), so a removed
// account leaves no live sign-in behind; when X cannot be reached the removal goes on anyway, and says so.
import { isXferFailure } from '../../common/errors.ts';
import type { Account } from '../../common/account.ts';
import { revokeToken } from '../oauth2/protocol.ts';
import { decodeOAuth2Secrets } from './oauth2-secrets.ts';
import { secretsKey } from './secrets-codec.ts';
import type { SecretStore } from './types.ts';

/** Revokes both tokens; null when done (or nothing was stored), else the notice to show with the removal. */
export async function revokeOAuth2Grant(secrets: SecretStore, account: Account): Promise<string | null> {
  const stored = await secrets.get(secretsKey(account.id));
  if (stored === null) return null;
  const tokens = decodeOAuth2Secrets(stored, account.name);
  const client = { clientId: account.oauth2?.clientId ?? '', apiBase: account.apiBase };
  try {
    await revokeToken(client, tokens.refreshToken);
    await revokeToken(client, tokens.accessToken);
    return null;
  } catch (thrown) {
    if (!isXferFailure(thrown)) throw thrown;
    return `Removed; X could not be told to revoke the sign-in (${thrown.error.message}): revoke Xfer in X's settings (Security → Connected apps)`;
  }
}

// Account ↔ row mapping. Accounts hold public facts only: secrets live in the OS keychain (accounts/types.ts).
import type { SQLInputValue } from 'node:sqlite';
import { accountFacts, type Account } from '../../common/account.ts';

export const ACCOUNT_COLUMNS =
  'id, name, kind, user_id, screen_name, api, api_base, upload_base, tier, verified_at, created_at, oauth2_client_id, oauth2_expires_at, oauth2_sign_in_again';

export function accountToRow(account: Account): Record<string, SQLInputValue> {
  return {
    ...accountFacts(account),
    verified_at: account.verifiedAt,
    created_at: account.createdAt,
    oauth2_client_id: account.oauth2?.clientId ?? null,
    oauth2_expires_at: account.oauth2?.accessExpiresAt ?? null,
    oauth2_sign_in_again: account.oauth2?.signInAgain ? 1 : 0,
  };
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function rowToAccount(row: Record<string, unknown>): Account {
  const clientId = textOrNull(row.oauth2_client_id);
  return {
    id: String(row.id),
    name: String(row.name),
    kind: row.kind === 'sandbox' ? 'sandbox' : 'x',
    userId: textOrNull(row.user_id),
    screenName: textOrNull(row.screen_name),
    api: row.api === 'v1.1' ? 'v1.1' : 'v2',
    apiBase: String(row.api_base),
    uploadBase: String(row.upload_base),
    tier: row.tier === 'premium' ? 'premium' : 'standard',
    verifiedAt: typeof row.verified_at === 'number' ? row.verified_at : null,
    createdAt: Number(row.created_at),
    ...(clientId !== null && {
      oauth2: {
        clientId,
        accessExpiresAt: typeof row.oauth2_expires_at === 'number' ? row.oauth2_expires_at : null,
        signInAgain: row.oauth2_sign_in_again === 1,
      },
    }),
  };
}

// Storing a new account: secrets first, then the row, so a row is never left without its secrets
// (a crash in between leaves at most an orphaned keychain entry, which nothing reads).
import type { Account } from '../../common/account.ts';
import { encodeSecrets, secretsKey } from './secrets-codec.ts';
import type { AccountRepository, AccountSecrets, SecretStore } from './types.ts';

/** Writes the keychain entry and then the row; when the row is refused, the entry is taken back. */
export async function saveNewAccount(
  repository: AccountRepository,
  secrets: SecretStore,
  account: Account,
  accountSecrets: AccountSecrets,
): Promise<void> {
  await secrets.set(secretsKey(account.id), encodeSecrets(accountSecrets));
  try {
    repository.insertAccount(account);
  } catch (thrown) {
    await secrets.delete(secretsKey(account.id));
    throw thrown;
  }
}

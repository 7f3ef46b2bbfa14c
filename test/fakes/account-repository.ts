// An in-memory AccountRepository (the ledger is the real one), enforcing unique names like the
// ledger's UNIQUE constraint does.
import type { AccountRepository } from '../../main/core/accounts/types.ts';
import type { OAuth2AccountState } from '../../main/common/account.ts';
import type { Account } from '../../main/common/account.ts';

export class InMemoryAccountRepository implements AccountRepository {
  readonly rows = new Map<string, Account>();
  readonly deleted: string[] = [];

  listAccounts(): Account[] {
    return [...this.rows.values()].map((account) => ({ ...account }));
  }

  getAccount(id: string): Account | null {
    const account = this.rows.get(id);
    return account ? { ...account } : null;
  }

  getAccountByName(name: string): Account | null {
    const account = [...this.rows.values()].find((candidate) => candidate.name === name);
    return account ? { ...account } : null;
  }

  insertAccount(account: Account): void {
    if (this.rows.has(account.id) || this.getAccountByName(account.name)) throw new Error('UNIQUE constraint failed');
    this.rows.set(account.id, { ...account });
  }

  updateAccount(account: Account): void {
    if (!this.rows.has(account.id)) throw new Error(`no account ${account.id}`);
    this.rows.set(account.id, { ...account });
  }

  setOAuth2State(id: string, state: OAuth2AccountState): void {
    const account = this.rows.get(id);
    if (account) this.rows.set(id, { ...account, oauth2: { ...state } });
  }

  deleteAccount(id: string): void {
    this.rows.delete(id);
    this.deleted.push(id);
  }
}

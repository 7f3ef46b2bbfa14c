// An in-memory SecretStore for tests that do not exercise the OS keychain itself.
import type { SecretStore } from '../../main/core/accounts/types.ts';

export class InMemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}

// The secrets this process has held, so the logger can redact them in any form: every value read from or
// written to the secret store is remembered (and, for a JSON value such as OAuth 2.0 tokens, every string in
// it). The store is wrapped once where it is opened, so no code path can hold a secret the log does not know.
import type { SecretStore } from '../accounts/types.ts';

export interface KnownSecrets {
  store: SecretStore;
  list(): readonly string[];
}

function stringsIn(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    const found: string[] = [];
    const visit = (node: unknown): void => {
      if (typeof node === 'string') found.push(node);
      else if (node && typeof node === 'object') Object.values(node).forEach(visit);
    };
    visit(parsed);
    return [value, ...found];
  } catch {
    return [value];
  }
}

export function rememberSecrets<Store extends SecretStore>(inner: Store): KnownSecrets & { store: Store } {
  const known = new Set<string>();
  const note = (value: string | null): void => {
    if (value) for (const secret of stringsIn(value)) known.add(secret);
  };
  const get = async (key: string): Promise<string | null> => {
    const value = await inner.get(key);
    note(value);
    return value;
  };
  const set = async (key: string, value: string): Promise<void> => {
    note(value);
    await inner.set(key, value);
  };
  // Every other member (delete, ensureAvailable, …) is the store's own, called on the store itself.
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === 'get') return get;
      if (property === 'set') return set;
      const member: unknown = Reflect.get(target, property, target);
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
  return { store, list: () => [...known] };
}

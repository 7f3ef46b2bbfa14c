// The built-in sandbox account: it talks to the embedded X emulator.
//
// Its secrets are the sandbox's public demo credentials. They are not secret (they open only the
// local emulator), so they are resolved at runtime from the running sandbox instead of being put
// in the keychain: a fresh install with no usable keychain can still try the whole app against
// the sandbox. Its origin changes every run (a random port), so the row stores a marker and the
// current origin is resolved at runtime too.
import type { AccountSecrets } from './types.ts';

/** Stored as the sandbox account's apiBase and uploadBase; replaced by the running sandbox's origin. */
export const SANDBOX_ORIGIN_MARKER = 'sandbox:';
export const SANDBOX_ACCOUNT_NAME = 'sandbox';

export interface SandboxUserCredentials {
  userId: string;
  screenName: string;
  token: string;
  tokenSecret: string;
}

/** What the running sandbox tells the registry, every run. */
export interface SandboxConnection {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** The demo users; the built-in account acts as the first. */
  users: readonly SandboxUserCredentials[];
}

/** Remembers that the user removed the sandbox account, so a restart does not bring it back. */
export interface SandboxRemovalMarker {
  isRemoved(): boolean;
  setRemoved(removed: boolean): void;
}

/** A key–value store such as the ledger's meta table (Ledger.getMeta / setMeta). */
export interface MetaStore {
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

export const SANDBOX_REMOVED_META_KEY = 'accounts.sandbox_removed';

/** The marker kept beside the accounts themselves (the ledger), so it survives restarts with them. */
export function metaRemovalMarker(meta: MetaStore): SandboxRemovalMarker {
  return {
    isRemoved: () => meta.getMeta(SANDBOX_REMOVED_META_KEY) === 'true',
    setRemoved: (removed) => meta.setMeta(SANDBOX_REMOVED_META_KEY, removed ? 'true' : 'false'),
  };
}

export function inMemoryRemovalMarker(): SandboxRemovalMarker {
  let removed = false;
  return { isRemoved: () => removed, setRemoved: (value) => void (removed = value) };
}

export function sandboxSecrets(connection: SandboxConnection, userId: string | null): AccountSecrets | null {
  const user = connection.users.find((candidate) => candidate.userId === userId) ?? connection.users[0];
  if (!user) return null;
  return {
    consumerKey: connection.consumerKey,
    consumerSecret: connection.consumerSecret,
    token: user.token,
    tokenSecret: user.tokenSecret,
  };
}

/**
 * The first demo user no account acts as yet ("add a sandbox user" in one step), with a free name
 * for it; null when every demo user already has an account.
 */
export function nextSandboxUser(
  connection: SandboxConnection,
  accounts: readonly { kind: string; userId: string | null; name: string }[],
): { user: SandboxUserCredentials; name: string } | null {
  const taken = new Set(accounts.filter((account) => account.kind === 'sandbox').map((account) => account.userId));
  const index = connection.users.findIndex((user) => !taken.has(user.userId));
  const user = connection.users[index];
  if (!user) return null;
  const names = new Set(accounts.map((account) => account.name.toLowerCase()));
  const base = index === 0 ? SANDBOX_ACCOUNT_NAME : `${SANDBOX_ACCOUNT_NAME}-${index + 1}`;
  let name = base;
  for (let n = 2; names.has(name.toLowerCase()); n++) name = `${base}-${n}`;
  return { user, name };
}

// Accounts: the registry (public facts in the ledger, secrets in the OS keychain), PIN login,
// and the keychain adapter. Main-process only.
export type * from './types.ts';
export {
  AccountRegistry,
  type AccountConnection,
  AccountConnections,
  openAccounts,
  type OpenedAccounts,
  type AccountRegistryOptions,
  type AppConnectionInput,
  type PinLoginStart,
  type TokenAccountInput,
} from './registry.ts';
export {
  DEFAULT_KEYCHAIN_SERVICE,
  KeychainSecretStore,
  keychainBackend,
  keychainFixMessage,
  keychainStatus,
  MAX_SECRET_BYTES,
  type KeychainBackend,
  type KeychainOptions,
  type KeychainStatus,
} from './keychain.ts';
export { DEFAULT_API_BASE, DEFAULT_UPLOAD_BASE, resolveEndpoints } from './endpoints.ts';
export {
  inMemoryRemovalMarker,
  metaRemovalMarker,
  SANDBOX_REMOVED_META_KEY,
  type MetaStore,
  SANDBOX_ACCOUNT_NAME,
  SANDBOX_ORIGIN_MARKER,
  type SandboxConnection,
  type SandboxRemovalMarker,
  type SandboxUserCredentials,
} from './sandbox-account.ts';
export { defaultXApi, type XApi } from './x-api-port.ts';
export { PIN_LOGIN_TTL_MS } from './pin-logins.ts';

// The OS keychain as a SecretStore, over @napi-rs/keyring (macOS Keychain, Windows Credential
// Manager, the freedesktop Secret Service on Linux).
//
// Linux: left to itself the library silently falls back to the kernel keyring (keyutils) when no
// Secret Service answers, and the kernel keyring is memory only — a reboot would wipe every
// account. So entries are pinned to the Secret Service (`{ linux: { store: 'secret-service' } }`,
// see the library's README "Linux backend selection"): without one the library throws, and we
// refuse with a message that says how to fix it, instead of storing somewhere that forgets.
//
// Every failure here is an 'environment' failure (the CLI exits 3). Library messages are kept as
// the reason: they describe the store (D-Bus, prompts), never the value.
import { AsyncEntry, findCredentialsAsync, type EntryOptions } from '@napi-rs/keyring';
import { fail, xferError, XferFailure } from '../../common/errors.ts';
import { formatNumber } from '../../common/format.ts';
import { ACCOUNT_KEY_PREFIX } from './secrets-codec.ts';
import type { SecretStore } from './types.ts';

export const DEFAULT_KEYCHAIN_SERVICE = 'xfer';

/**
 * Windows caps a credential's blob at 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE) and keyring
 * stores the value as UTF-16 there: 2 bytes per code unit. Checked on every platform so an
 * account that works here works everywhere, and refused rather than truncated.
 */
export const MAX_SECRET_BYTES = 2560;

export type KeychainBackend = 'secret-service' | 'macos-keychain' | 'windows-credential-manager' | 'unknown';

export interface KeychainStatus {
  ok: boolean;
  backend: KeychainBackend;
  /** Why the keychain cannot be used and how to fix it; null when ok. */
  message: string | null;
}

export function keychainBackend(platform: NodeJS.Platform = process.platform): KeychainBackend {
  if (platform === 'linux' || platform === 'freebsd') return 'secret-service';
  if (platform === 'darwin') return 'macos-keychain';
  if (platform === 'win32') return 'windows-credential-manager';
  return 'unknown';
}

/** The fix-it text for an unusable keychain; `reason` is the library's own explanation. */
export function keychainFixMessage(reason: string, platform: NodeJS.Platform = process.platform): string {
  const cause = reason.trim() ? ` (${reason.trim()})` : '';
  if (platform === 'linux' || platform === 'freebsd') {
    return (
      `No Secret Service is available to keep account secrets${cause}. Xfer will not store them in the kernel ` +
      'keyring, which forgets them at reboot. To fix it: install and unlock a Secret Service provider — ' +
      'gnome-keyring (e.g. `sudo apt install gnome-keyring`, then log in to a desktop session or run ' +
      '`gnome-keyring-daemon --unlock --components=secrets` and type your password), or KeePassXC with ' +
      'Tools › Settings › Secret Service Integration enabled — and make sure DBUS_SESSION_BUS_ADDRESS points ' +
      'to your session bus (over SSH or in a container, start one with `dbus-run-session -- bash`).'
    );
  }
  if (platform === 'darwin')
    return `The macOS Keychain refused the request${cause}. Unlock your login keychain and try again.`;
  if (platform === 'win32')
    return `Windows Credential Manager refused the request${cause}. Check that you are logged in as a normal user.`;
  return `No OS keychain is available on this platform${cause}.`;
}

/** Byte size of `value` as the strictest keychain (Windows, UTF-16) stores it. */
export function keychainBytes(value: string): number {
  return value.length * 2;
}

function reasonOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

function environmentFailure(thrown: unknown): XferFailure {
  if (thrown instanceof XferFailure) return thrown;
  return new XferFailure(xferError('environment', keychainFixMessage(reasonOf(thrown))));
}

/** The part of the library's AsyncEntry this adapter uses. */
export type KeychainEntry = Pick<AsyncEntry, 'getPassword' | 'setPassword' | 'deleteCredential'>;
export type KeychainEntryFactory = (service: string, key: string, options: EntryOptions) => KeychainEntry;

export interface KeychainOptions {
  /** One service name per app ("xfer"); tests use their own so they never touch the app's entries. */
  service?: string;
  platform?: NodeJS.Platform;
  /** The library by default; a test can observe which store entries are pinned to. */
  createEntry?: KeychainEntryFactory;
}

const libraryEntry: KeychainEntryFactory = (service, key, options) => new AsyncEntry(service, key, options);

export class KeychainSecretStore implements SecretStore {
  readonly service: string;
  readonly backend: KeychainBackend;
  readonly #entryOptions: EntryOptions;
  readonly #createEntry: KeychainEntryFactory;

  constructor(options: KeychainOptions = {}) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
    this.backend = keychainBackend(options.platform);
    this.#createEntry = options.createEntry ?? libraryEntry;
    this.#entryOptions = this.backend === 'secret-service' ? { linux: { store: 'secret-service' } } : {};
  }

  /** The pinned entry; the constructor throws when the Secret Service is unreachable. */
  #entry(key: string): KeychainEntry {
    try {
      return this.#createEntry(this.service, key, this.#entryOptions);
    } catch (thrown) {
      throw environmentFailure(thrown);
    }
  }

  async get(key: string): Promise<string | null> {
    try {
      return await this.#entry(key).getPassword();
    } catch (thrown) {
      throw environmentFailure(thrown);
    }
  }

  async set(key: string, value: string): Promise<void> {
    const bytes = keychainBytes(value);
    if (bytes > MAX_SECRET_BYTES) {
      fail(
        'validation',
        `These credentials are too long for the OS keychain (${formatNumber(bytes)} bytes; Windows allows ` +
          `${formatNumber(MAX_SECRET_BYTES)}). Check that only the key, secret and tokens were pasted.`,
      );
    }
    try {
      await this.#entry(key).setPassword(value);
    } catch (thrown) {
      throw environmentFailure(thrown);
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return await this.#entry(key).deleteCredential();
    } catch (thrown) {
      throw environmentFailure(thrown);
    }
  }

  /**
   * Whether the keychain holds any account's secrets under this service: a ledger found empty beside them
   * is a damaged one, not a fresh start (their accounts would silently vanish). False when it cannot tell.
   */
  async hasAccountSecrets(): Promise<boolean> {
    try {
      const found = await findCredentialsAsync(this.service);
      return found.some((credential) => credential.account.startsWith(ACCOUNT_KEY_PREFIX));
    } catch {
      return false;
    }
  }

  /**
   * Throws the fix-it failure unless a secret can really be written, read back and deleted.
   * A round trip, not just "is the service there": a reachable but locked keyring (D-Bus
   * activation starts gnome-keyring without unlocking it) only fails at the first write.
   */
  async ensureAvailable(): Promise<void> {
    const probeKey = `probe:${process.pid}:${Date.now()}`;
    const probeValue = 'xfer keychain probe (not a secret)';
    await this.set(probeKey, probeValue);
    try {
      if ((await this.get(probeKey)) !== probeValue) {
        fail('environment', keychainFixMessage('a value written to the keychain could not be read back'));
      }
    } finally {
      await this.delete(probeKey);
    }
  }

  async status(): Promise<KeychainStatus> {
    try {
      await this.ensureAvailable();
      return { ok: true, backend: this.backend, message: null };
    } catch (thrown) {
      return { ok: false, backend: this.backend, message: environmentFailure(thrown).message };
    }
  }
}

/** For the app's status line and `xfer accounts`: can secrets be kept, and if not, how to fix it. */
export function keychainStatus(options: KeychainOptions = {}): Promise<KeychainStatus> {
  return new KeychainSecretStore(options).status();
}

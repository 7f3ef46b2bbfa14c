// Logins between "open this page" and "type the PIN". The request token lives only here, in
// memory: it is short-lived, single use, and never written anywhere.
import type { Tier } from '../../common/media-types.ts';
import type { ConsumerCredentials, TokenCredentials } from '../oauth1/sign.ts';
import type { Endpoints } from '../x-api/types.ts';
import type { ApiVersion } from '../../common/account.ts';

export interface PendingLogin {
  name: string;
  consumer: ConsumerCredentials;
  requestToken: TokenCredentials;
  api: ApiVersion;
  endpoints: Endpoints;
  tier: Tier;
  startedAt: number;
}

/** X's request tokens expire; a login left open longer than this must start over. */
export const PIN_LOGIN_TTL_MS = 15 * 60_000;
/** Bounds memory if a caller starts logins and never finishes them. */
export const MAX_PENDING_LOGINS = 20;

export class PendingLogins {
  readonly #logins = new Map<string, PendingLogin>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  add(loginId: string, login: PendingLogin): void {
    this.#prune();
    if (this.#logins.size >= MAX_PENDING_LOGINS) {
      const oldest = this.#logins.keys().next().value;
      if (oldest !== undefined) this.#logins.delete(oldest);
    }
    this.#logins.set(loginId, login);
  }

  get(loginId: string): PendingLogin | null {
    this.#prune();
    return this.#logins.get(loginId) ?? null;
  }

  delete(loginId: string): void {
    this.#logins.delete(loginId);
  }

  #prune(): void {
    const now = this.#now();
    for (const [loginId, login] of this.#logins) {
      if (now - login.startedAt > PIN_LOGIN_TTL_MS) this.#logins.delete(loginId);
    }
  }
}

// The user's accounts (public facts only) and the two ways to add one.
import type { AccountView, PinLoginStart, RequestOf } from '../../../main/ipc/contract.ts';
import type { XferApi } from '../api.ts';
import { TrackedCalls } from './tracked-calls.svelte.ts';

export type AppConnection = RequestOf<'accounts:startPinLogin'>;
export type TokenConnection = RequestOf<'accounts:addWithTokens'>;

export class AccountsState extends TrackedCalls {
  list = $state.raw<AccountView[]>([]);
  loaded = $state(false);
  /** The PIN login in progress: main opened the browser; the UI shows the URL and asks for the PIN. */
  pinLogin = $state.raw<PinLoginStart | null>(null);
  /** Sandbox first, then by name: a stable order for pickers. */
  sorted = $derived(
    [...this.list].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'sandbox' ? -1 : 1)),
  );
  #api: XferApi;

  constructor(api: XferApi) {
    super();
    this.#api = api;
  }

  /** For the sign-in components that talk to main themselves (OAuth2SignIn). */
  get api(): XferApi {
    return this.#api;
  }

  start(): () => void {
    const unsubscribe = this.#api.onAccountsChanged((accounts) => {
      this.list = accounts;
      this.loaded = true;
    });
    void this.load();
    return unsubscribe;
  }

  async load(): Promise<void> {
    const result = await this.#api.accounts.list();
    if (result.ok) {
      this.list = result.value;
      this.loaded = true;
    } else this.error = result.error;
  }

  byId(id: string | null): AccountView | undefined {
    return id === null ? undefined : this.list.find((account) => account.id === id);
  }

  async startPinLogin(connection: AppConnection): Promise<PinLoginStart | null> {
    const started = await this.track(() => this.#api.accounts.startPinLogin(connection));
    if (started) this.pinLogin = started;
    return started;
  }

  async finishPinLogin(pin: string): Promise<AccountView | null> {
    const login = this.pinLogin;
    if (!login) return null;
    const account = await this.track(() => this.#api.accounts.finishPinLogin({ loginId: login.loginId, pin }));
    if (account) {
      this.pinLogin = null;
      this.#upsert(account);
    }
    return account;
  }

  cancelPinLogin(): void {
    this.pinLogin = null;
    this.error = null;
  }

  async addWithTokens(connection: TokenConnection): Promise<AccountView | null> {
    const account = await this.track(() => this.#api.accounts.addWithTokens(connection));
    if (account) this.#upsert(account);
    return account;
  }

  async verify(id: string): Promise<AccountView | null> {
    const account = await this.track(() => this.#api.accounts.verify({ id }));
    if (account) this.#upsert(account);
    return account;
  }

  /** A new name and/or tier (the card's Edit). */
  async edit(id: string, changes: { name?: string; tier?: AccountView['tier'] }): Promise<AccountView | null> {
    const account = await this.track(() => this.#api.accounts.edit({ id, ...changes }));
    if (account) this.#upsert(account);
    return account;
  }

  /** One step: the sandbox's next demo user as an account. */
  async addSandboxUser(): Promise<AccountView | null> {
    const account = await this.track(() => this.#api.accounts.addSandboxUser());
    if (account) this.#upsert(account);
    return account;
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.track(() => this.#api.accounts.remove({ id }));
    if (removed) this.list = this.list.filter((account) => account.id !== id);
    return removed !== null;
  }

  #upsert(account: AccountView): void {
    const others = this.list.filter((candidate) => candidate.id !== account.id);
    this.list = [...others, account];
  }
}

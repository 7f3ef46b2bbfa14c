// The app's state in one place, built from an api value so tests can build it from a fake.
import type { NavigateTarget } from '../../../main/ipc/contract.ts';
import type { XferApi } from '../api.ts';
import type { Screen } from '../lib/screens.ts';
import { AccountsState } from './accounts.svelte.ts';
import { Clock } from './clock.svelte.ts';
import { ConnectivityState } from './connectivity.svelte.ts';
import { FirstRunState } from './first-run.svelte.ts';
import { PostsState } from './posts.svelte.ts';
import { PreferencesState } from './preferences.svelte.ts';
import { PrepareState } from './prepare.svelte.ts';
import { SessionsState } from './sessions.svelte.ts';
import { UndoQueue } from './undo.svelte.ts';

export type { Screen };

export class AppState {
  screen = $state<Screen>('prepare');
  readonly accounts: AccountsState;
  readonly sessions: SessionsState;
  readonly connectivity: ConnectivityState;
  readonly prepare: PrepareState;
  readonly posts: PostsState;
  readonly preferences: PreferencesState;
  /** The welcome on a fresh data folder, asked of main once per window. */
  readonly firstRun: FirstRunState;
  readonly clock = new Clock();
  /** One undo toast for the window: Forget on Sessions, Clear on Prepare. */
  readonly undo = new UndoQueue();
  /** The post a clicked notification asked for (the Posts screen scrolls to it). */
  focusedPostId = $state<string | null>(null);
  #api: XferApi;
  /**
   * Work only this window holds, lost if it is closed or reloaded: files on Prepare not yet saved as sessions
   * (or still being copied in), a post being written. Sessions and queued posts live in main.
   */
  get unsavedWork(): boolean {
    return this.prepare.items.length > 0 || this.prepare.staging.length > 0 || this.posts.hasDraft;
  }

  constructor(api: XferApi) {
    this.#api = api;
    this.accounts = new AccountsState(api);
    this.sessions = new SessionsState(api, { undo: this.undo });
    this.connectivity = new ConnectivityState(api);
    // New files go to the first account (the sandbox sorts first, so a fresh install just works).
    this.prepare = new PrepareState(api, () => this.accounts.sorted[0]?.id ?? null, { undo: this.undo });
    this.posts = new PostsState(api, () => this.accounts.sorted);
    this.preferences = new PreferencesState(api);
    this.firstRun = new FirstRunState(api);
  }

  /** Subscribes to main's events and loads; returns one function that undoes it all. */
  start(): () => void {
    const stops = [
      this.accounts.start(),
      this.sessions.start(),
      this.connectivity.start(),
      this.prepare.start(),
      this.posts.start(),
      this.clock.start(),
      this.#api.onNavigate((target) => this.open(target)),
    ];
    void this.firstRun.load();
    return () => {
      stops.forEach((stop) => stop());
      void this.undo.flush(); // a pending forget or clear is carried out, not lost
    };
  }

  /**
   * Prepare's footer (and Mod+Enter): saves the listed files as sessions; with `sendNow`, sends the ready ones and
   * shows them on Sessions.
   */
  async prepareAll(sendNow: boolean): Promise<void> {
    const sessions = await this.prepare.prepare(this.accounts.list);
    if (!sessions) return;
    this.sessions.merge(sessions);
    if (!sendNow) return;
    const ready = sessions.filter((session) => session.state === 'ready').map((session) => session.id);
    if (ready.length > 0) {
      const queued = await this.sessions.send(ready);
      if (queued !== null) this.prepare.notice = `Sending ${queued} file${queued === 1 ? '' : 's'}.`;
    }
    this.screen = 'sessions';
  }

  /** A clicked desktop notification: its screen, with the session's detail open or the post in view. */
  open(target: NavigateTarget): void {
    this.screen = target.screen;
    if (target.screen === 'sessions') this.sessions.selectedId = target.id;
    else this.focusedPostId = target.id;
  }
}

// Every session main knows, kept current by events. The list can hold 10,000 rows, so it is
// `$state.raw` and replaced wholesale; progress lives apart so a progress tick re-renders one row.
import type { ProgressEvent } from '../../../main/common/progress.ts';
import type { XferError } from '../../../main/common/errors.ts';
import type { SessionState } from '../../../main/common/session.ts';
import type { ConversionView, FitPlanView, SessionView } from '../../../main/ipc/contract.ts';
import type { MediaCategory, Tier } from '../../../main/common/media-types.ts';
import type { XferApi } from '../api.ts';

import { IN_FLIGHT_STATES } from '../../../main/common/session-states.ts';

function newestFirst(a: SessionView, b: SessionView): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export class SessionsState {
  list = $state.raw<SessionView[]>([]);
  // Replaced wholesale on each batch ($state.raw), never mutated: a plain Map is right here.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  progress = $state.raw<ReadonlyMap<string, ProgressEvent>>(new Map());
  loaded = $state(false);
  accountFilter = $state<string | null>(null);
  stateFilter = $state<SessionState | null>(null);
  /** The last failure of an action (retry, cancel, copy …), shown once above the list. */
  error = $state.raw<XferError | null>(null);
  /** Ready sessions this window asked main to send: no second Send button while they wait their turn. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced wholesale ($state.raw), never mutated
  queued = $state.raw<ReadonlySet<string>>(new Set());
  /** What the last finished batch came to, until the user dismisses it. */
  lastBatch = $state.raw<{ succeeded: number; failed: number } | null>(null);
  /** The media id most recently copied, for a short confirmation. */
  copied = $state<string | null>(null);
  /** The session whose detail is open. */
  selectedId = $state<string | null>(null);
  /** The latest conversion event per session ("Make it fit X"). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced wholesale ($state.raw), never mutated
  conversions = $state.raw<ReadonlyMap<string, ConversionView>>(new Map());
  selected = $derived(this.list.find((session) => session.id === this.selectedId) ?? null);
  /**
   * A forget the user can still undo: the row is hidden at once, main forgets it only when the toast
   * times out (or another forget replaces it), so Undo needs nothing from main.
   */
  pendingForget = $state.raw<{ id: string; fileName: string } | null>(null);
  #forgetTimer: ReturnType<typeof setTimeout> | null = null;
  /** The session whose Cancel is waiting for the user's confirmation (one question at a time). */
  confirmingCancel = $state<string | null>(null);
  readonly undoMs: number;

  sorted = $derived([...this.list].sort(newestFirst));
  visible = $derived(
    this.sorted.filter(
      (session) =>
        session.id !== this.pendingForget?.id &&
        (this.accountFilter === null || session.accountId === this.accountFilter) &&
        (this.stateFilter === null || session.state === this.stateFilter),
    ),
  );
  counts = $derived(countByState(this.list));
  #api: XferApi;

  constructor(api: XferApi, options: { undoMs?: number } = {}) {
    this.#api = api;
    this.undoMs = options.undoMs ?? 6000;
  }

  start(): () => void {
    const subscriptions = [
      this.#api.onSessionChanged((session) => this.#upsert(session)),
      this.#api.onSessionRemoved(({ id }) => this.#drop(id)),
      this.#api.onProgress((events) => this.applyProgress(events)),
      this.#api.onBatchFinished((summary) => (this.lastBatch = summary)),
      this.#api.onConversion((event) => {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
        const next = new Map(this.conversions);
        next.set(event.sessionId, event);
        this.conversions = next;
      }),
    ];
    void this.load();
    return () => {
      subscriptions.forEach((unsubscribe) => unsubscribe());
      void this.flushForget();
    };
  }

  async load(): Promise<void> {
    const result = await this.#api.sessions.list();
    if (result.ok) {
      this.list = result.value;
      this.loaded = true;
    } else this.error = result.error;
  }

  applyProgress(events: ProgressEvent[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw, not mutated later
    const next = new Map(this.progress);
    for (const event of events) next.set(event.sessionId, event);
    this.progress = next;
  }

  /** Adds sessions main just prepared (the sessionChanged events may arrive before or after). */
  merge(sessions: SessionView[]): void {
    for (const session of sessions) this.#upsert(session);
  }

  async send(ids: string[]): Promise<number | null> {
    if (ids.length === 0) return 0;
    this.lastBatch = null; // a banner belongs to its batch: a new one starts
    const result = await this.#api.sessions.send({ ids });
    return this.#settle(result, (value) => {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
      this.queued = new Set([...this.queued, ...ids]);
      return value.queued;
    });
  }

  async retry(id: string): Promise<void> {
    this.#settle(await this.#api.sessions.retry({ id }), (session) => this.#upsert(session));
  }

  async cancel(id: string): Promise<void> {
    this.#settle(await this.#api.sessions.cancel({ id }), (session) => this.#upsert(session));
  }

  /** Stops sending; main answers the session back in ready (kept acked segments), resumed by the next send. */
  async pause(id: string): Promise<void> {
    this.#settle(await this.#api.sessions.pause({ id }), (session) => {
      this.#upsert(session);
      if (this.queued.has(id)) {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
        this.queued = new Set([...this.queued].filter((queued) => queued !== id));
      }
    });
  }

  /** Moves a session to another account (one whose account was removed cannot be sent until then). */
  async reassign(id: string, accountId: string): Promise<void> {
    this.#settle(await this.#api.sessions.reassign({ id, accountId }), (session) => this.#upsert(session));
  }

  /** Hides the session now and forgets it in main once the undo time has passed. */
  forget(id: string): void {
    const session = this.list.find((candidate) => candidate.id === id);
    if (!session) return;
    void this.flushForget();
    this.pendingForget = { id, fileName: session.fileName };
    this.#forgetTimer = setTimeout(() => void this.flushForget(), this.undoMs);
  }

  undoForget(): void {
    if (this.#forgetTimer) clearTimeout(this.#forgetTimer);
    this.#forgetTimer = null;
    this.pendingForget = null;
  }

  /** Carries out the pending forget now (timeout, a second forget, or the window closing). */
  async flushForget(): Promise<void> {
    const pending = this.pendingForget;
    if (this.#forgetTimer) clearTimeout(this.#forgetTimer);
    this.#forgetTimer = null;
    if (!pending) return;
    this.pendingForget = null;
    this.#drop(pending.id);
    this.#settle(await this.#api.sessions.forget({ id: pending.id }), () => this.#drop(pending.id));
  }

  async copyMediaId(id: string): Promise<string | null> {
    return this.#settle(await this.#api.sessions.copyMediaId({ id }), (value) => {
      this.copied = value.mediaId;
      return value.mediaId;
    });
  }

  /** Category, alt text or owners edited: main checks the file again (a draft may become ready). */
  async update(
    id: string,
    edits: { category?: MediaCategory; altText?: string | null; owners?: string[] },
  ): Promise<SessionView | null> {
    return this.#settle(await this.#api.sessions.update({ id, ...edits }), (session) => {
      this.#upsert(session);
      return session;
    });
  }

  async fitPlan(id: string): Promise<FitPlanView | null> {
    return this.#settle(await this.#api.sessions.fitPlan({ id }), (plan) => plan);
  }

  /** "Make it fit X": converts and re-checks; progress arrives as conversion events meanwhile. */
  async fit(id: string, confirmed = false): Promise<SessionView | null> {
    return this.#settle(await this.#api.sessions.fit({ id, confirmed }), (session) => {
      this.#upsert(session);
      return session;
    });
  }

  async cancelFit(id: string): Promise<void> {
    this.#settle(await this.#api.sessions.cancelFit({ id }), () => undefined);
  }

  async setTier(accountId: string, tier: Tier): Promise<void> {
    this.#settle(await this.#api.accounts.setTier({ id: accountId, tier }), () => undefined);
    await this.load();
  }

  #settle<T, R>(result: { ok: true; value: T } | { ok: false; error: XferError }, onValue: (value: T) => R): R | null {
    if (!result.ok) {
      this.error = result.error;
      return null;
    }
    this.error = null;
    return onValue(result.value);
  }

  #upsert(session: SessionView): void {
    const index = this.list.findIndex((candidate) => candidate.id === session.id);
    const next = [...this.list];
    if (index === -1) next.push(session);
    else next[index] = session;
    this.list = next;
    if (session.state !== 'ready' && this.queued.has(session.id)) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
      this.queued = new Set([...this.queued].filter((id) => id !== session.id));
    }
    // A session leaving the active states keeps no stale progress.
    if (!IN_FLIGHT_STATES.includes(session.state) && this.progress.has(session.id)) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
      const progress = new Map(this.progress);
      progress.delete(session.id);
      this.progress = progress;
    }
  }

  #drop(id: string): void {
    this.list = this.list.filter((session) => session.id !== id);
  }
}

export function countByState(sessions: readonly SessionView[]): Partial<Record<SessionState, number>> {
  const counts: Partial<Record<SessionState, number>> = {};
  for (const session of sessions) counts[session.state] = (counts[session.state] ?? 0) + 1;
  return counts;
}

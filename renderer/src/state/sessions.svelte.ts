// Every session main knows, kept current by events. The list can hold 10,000 rows, so it is
// `$state.raw` and replaced wholesale; progress lives apart so a progress tick re-renders one row.
import type { ProgressEvent } from '../../../main/common/progress.ts';
import type { XferError } from '../../../main/common/errors.ts';
import type { RequestRecord } from '../../../main/common/request-history.ts';
import { SESSION_STATES, type SessionState } from '../../../main/common/session.ts';
import type { ConversionView, FitPlanView, SessionView } from '../../../main/ipc/contract.ts';
import type { MediaCategory, Tier } from '../../../main/common/media-types.ts';
import type { XferApi } from '../api.ts';
import { UndoQueue } from './undo.svelte.ts';

import {
  ACTIVE_STATES,
  IN_FLIGHT_STATES,
  PAUSABLE_STATES,
  RETRYABLE_STATES,
} from '../../../main/common/session-states.ts';

/** How the list is ordered: the order the files were added (the default), by file name, or by state. */
export type SessionSort = 'added' | 'name' | 'state';

function byId(a: SessionView, b: SessionView): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function inOrderAdded(a: SessionView, b: SessionView): number {
  return a.createdAt - b.createdAt || byId(a, b);
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const COMPARE: Record<SessionSort, (a: SessionView, b: SessionView) => number> = {
  added: inOrderAdded,
  name: (a, b) => byName.compare(a.fileName, b.fileName) || inOrderAdded(a, b),
  // The states' own order: drafts and ready first, then in flight, then how they ended.
  state: (a, b) => SESSION_STATES.indexOf(a.state) - SESSION_STATES.indexOf(b.state) || inOrderAdded(a, b),
};

/** What a bulk action does to the checked sessions it applies to. */
export type BulkAction = 'pause' | 'resume' | 'retry' | 'cancel' | 'forget';

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
  /** The open session's recent requests to X (its detail view), and whose they are. */
  history = $state.raw<{ sessionId: string; records: RequestRecord[] } | null>(null);
  /**
   * Sessions the user forgot but can still bring back: their rows say "Forgot …" in place at once (so the next
   * row does not slide under the pointer), and main forgets them only when the undo toast times out (or
   * another destructive action replaces it), so Undo needs nothing from main.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced wholesale ($state.raw), never mutated
  forgetting = $state.raw<ReadonlySet<string>>(new Set());
  /** The session whose Cancel is waiting for the user's confirmation (one question at a time). */
  confirmingCancel = $state<string | null>(null);
  readonly undo: UndoQueue;

  sortBy = $state<SessionSort>('added');
  /** Sessions ticked for a bulk action (not the one whose detail is open). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced wholesale ($state.raw), never mutated
  checked = $state.raw<ReadonlySet<string>>(new Set());
  /** The bulk Cancel waiting for the user's confirmation: the ids it would cancel. */
  confirmingBulkCancel = $state.raw<readonly string[] | null>(null);

  sorted = $derived([...this.list].sort(COMPARE[this.sortBy]));
  visible = $derived(
    this.sorted.filter(
      (session) =>
        (this.accountFilter === null || session.accountId === this.accountFilter) &&
        (this.stateFilter === null || session.state === this.stateFilter),
    ),
  );
  counts = $derived(countByState(this.list));
  #api: XferApi;

  constructor(api: XferApi, options: { undo?: UndoQueue } = {}) {
    this.#api = api;
    this.undo = options.undo ?? new UndoQueue();
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
      void this.undo.flush();
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

  /** Marks the sessions forgotten now and forgets them in main once the undo time has passed (one toast for all). */
  forget(ids: string | readonly string[]): void {
    const wanted: readonly string[] = typeof ids === 'string' ? [ids] : ids;
    const sessions = this.list.filter((session) => wanted.includes(session.id) && !this.forgetting.has(session.id));
    if (sessions.length === 0) return;
    const forgotten = sessions.map((session) => session.id);
    this.#setForgetting([...this.forgetting, ...forgotten]);
    this.undo.offer({
      message: sessions.length === 1 ? `Forgot ${sessions[0]!.fileName}.` : `Forgot ${sessions.length} sessions.`,
      undo: () => this.#setForgetting([...this.forgetting].filter((id) => !forgotten.includes(id))),
      commit: async () => {
        this.list = this.list.filter((session) => !forgotten.includes(session.id));
        if (forgotten.some((id) => this.checked.has(id))) {
          // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
          this.checked = new Set([...this.checked].filter((id) => !forgotten.includes(id)));
        }
        this.#setForgetting([...this.forgetting].filter((id) => !forgotten.includes(id)));
        for (const id of forgotten) this.#settle(await this.#api.sessions.forget({ id }), () => this.#drop(id));
      },
    });
  }

  #setForgetting(ids: readonly string[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
    this.forgetting = new Set(ids);
  }

  toggleChecked(id: string, on = !this.checked.has(id)): void {
    const next = [...this.checked].filter((candidate) => candidate !== id);
    if (on) next.push(id);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
    this.checked = new Set(next);
  }

  /** Ticks every session in view (or unticks them all when all are ticked). */
  toggleAllVisible(): void {
    const visible = this.visible.map((session) => session.id);
    const all = visible.length > 0 && visible.every((id) => this.checked.has(id));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
    this.checked = new Set(all ? [] : visible);
  }

  /** Ticks every session in view (Mod+A): unlike the checkbox, never unticks. */
  checkAllVisible(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
    this.checked = new Set(this.visible.map((session) => session.id));
  }

  clearChecked(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new value for $state.raw
    this.checked = new Set();
  }

  /** The ticked sessions, still listed and in view, that `action` applies to (in list order). */
  bulkTargets(action: BulkAction): string[] {
    return this.visible
      .filter(
        (session) =>
          this.checked.has(session.id) && !this.forgetting.has(session.id) && bulkApplies(action, session, this.queued),
      )
      .map((session) => session.id);
  }

  /** Runs `action` on the ticked sessions it applies to. Cancel asks first (confirmBulkCancel), forget has Undo. */
  async bulk(action: BulkAction): Promise<void> {
    const ids = this.bulkTargets(action);
    if (ids.length === 0) return;
    if (action === 'cancel') {
      this.confirmingBulkCancel = ids;
      return;
    }
    if (action === 'forget') return this.forget(ids);
    if (action === 'resume') {
      await this.send(ids);
      return;
    }
    for (const id of ids) {
      if (action === 'pause') await this.pause(id);
      else await this.retry(id);
    }
  }

  /** The user confirmed the bulk Cancel. */
  async confirmBulkCancel(): Promise<void> {
    const ids = this.confirmingBulkCancel ?? [];
    this.confirmingBulkCancel = null;
    for (const id of ids) await this.cancel(id);
  }

  /** Asks main for the session's request history (the detail view loads it again as the session changes). */
  async loadHistory(id: string): Promise<void> {
    const result = await this.#api.sessions.history({ id });
    if (result.ok) this.history = { sessionId: id, records: result.value };
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

/** Whether a bulk `action` applies to `session` (the same rules as the row's own buttons). */
export function bulkApplies(action: BulkAction, session: SessionView, queued: ReadonlySet<string>): boolean {
  switch (action) {
    case 'pause':
      return PAUSABLE_STATES.includes(session.state) || (session.state === 'ready' && queued.has(session.id));
    case 'resume':
      return session.state === 'ready' && session.accountId !== null && !queued.has(session.id);
    case 'retry':
      return RETRYABLE_STATES.includes(session.state);
    case 'cancel':
      return ACTIVE_STATES.includes(session.state);
    case 'forget':
      return !ACTIVE_STATES.includes(session.state);
  }
}

export function countByState(sessions: readonly SessionView[]): Partial<Record<SessionState, number>> {
  const counts: Partial<Record<SessionState, number>> = {};
  for (const session of sessions) counts[session.state] = (counts[session.state] ?? 0) + 1;
  return counts;
}

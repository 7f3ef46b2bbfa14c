// The sessions waiting to start, in order, with their account (read once, so picking the next one does no SQL).

export interface QueueEntry {
  id: string;
  accountId: string | null;
}

export class SessionQueue {
  readonly #entries: QueueEntry[] = [];
  readonly #ids = new Set<string>();

  get size(): number {
    return this.#entries.length;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Adds at the back (or the front: a session that was already running goes first). No-op when present. */
  add(entry: QueueEntry, front = false): void {
    if (this.#ids.has(entry.id)) return;
    this.#ids.add(entry.id);
    if (front) this.#entries.unshift(entry);
    else this.#entries.push(entry);
  }

  remove(id: string): boolean {
    if (!this.#ids.delete(id)) return false;
    this.#entries.splice(
      this.#entries.findIndex((entry) => entry.id === id),
      1,
    );
    return true;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#ids.clear();
  }

  /**
   * Takes out the first entries whose account `canStart` allows, up to `limit`, in queue order.
   * `canStart` is asked again after each pick (a pick fills the account's slots); an account refused once
   * is skipped for the rest of the pass.
   */
  take(limit: number, canStart: (accountId: string | null) => boolean): QueueEntry[] {
    const taken: QueueEntry[] = [];
    const blocked = new Set<string | null>();
    for (let index = 0; index < this.#entries.length && taken.length < limit;) {
      const entry = this.#entries[index] as QueueEntry;
      if (blocked.has(entry.accountId) || !canStart(entry.accountId)) {
        if (entry.accountId !== null) blocked.add(entry.accountId);
        index++;
        continue;
      }
      this.#entries.splice(index, 1);
      this.#ids.delete(entry.id);
      taken.push(entry);
    }
    return taken;
  }
}

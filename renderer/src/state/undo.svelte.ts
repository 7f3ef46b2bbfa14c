// "Done — Undo" for destructive actions: the action is held back for a few seconds instead of asked about.
// The caller hides what it removes at once; the commit runs only when the time is up (or another offer,
// or the window closing, flushes it), so Undo needs nothing from main. One offer at a time, as Gmail does:
// a second destructive action commits the first.

export interface UndoOffer {
  /** What the toast says happened ("Forgot clip.mp4."). */
  message: string;
  /** Carries the action out: called once, when the undo time is up or the offer is flushed. */
  commit: () => void | Promise<void>;
  /** Puts back what the caller hid (called instead of commit when the user chooses Undo). */
  undo: () => void;
}

export class UndoQueue {
  /** The offer the toast shows, or null. */
  current = $state.raw<UndoOffer | null>(null);
  readonly undoMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: { undoMs?: number } = {}) {
    this.undoMs = options.undoMs ?? 6000;
  }

  /** Shows the toast for `offer`; an earlier offer still pending is committed first. */
  offer(offer: UndoOffer): void {
    void this.flush();
    this.current = offer;
    this.#timer = setTimeout(() => void this.flush(), this.undoMs);
  }

  /** The user chose Undo: nothing is committed. */
  undo(): void {
    const offer = this.#take();
    offer?.undo();
  }

  /** Commits the pending offer now (time up, a new offer, or the window closing). */
  async flush(): Promise<void> {
    const offer = this.#take();
    if (offer) await offer.commit();
  }

  #take(): UndoOffer | null {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const offer = this.current;
    this.current = null;
    return offer;
  }
}

// Whether a run only waits out retry delays: none of its requests is in flight and at least one waits for its
// backoff to end. Such a run sends nothing until then, so its upload slot is lent to the next session
// (admission.ts): one file's lost requests do not hold up the account's queue while X answers the others. A
// wait for X's rate-limit window is not lent: X asked the account to slow down, and another file's requests
// would count against the same user's limits.
export class RunWaits {
  #inFlight = 0;
  #backingOff = 0;
  #waiting = false;
  #checking = false;
  readonly #onChange: (waiting: boolean) => void;

  constructor(onChange: (waiting: boolean) => void) {
    this.#onChange = onChange;
  }

  /** A request goes out; the returned function says it is over (answered or failed). */
  request(): () => void {
    return this.#hold(1, 0);
  }

  /** A request waits out its retry delay; the returned function says the wait is over. */
  backoff(): () => void {
    return this.#hold(0, 1);
  }

  #hold(inFlight: number, backingOff: number): () => void {
    this.#add(inFlight, backingOff);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#add(-inFlight, -backingOff);
    };
  }

  #idle(): boolean {
    return this.#inFlight === 0 && this.#backingOff > 0;
  }

  #add(inFlight: number, backingOff: number): void {
    this.#inFlight += inFlight;
    this.#backingOff += backingOff;
    if (!this.#idle()) {
      if (this.#waiting) this.#report(false);
      return;
    }
    if (this.#waiting || this.#checking) return;
    // Said once the promise callbacks under way have run: between an APPEND's ack and its worker's next
    // request nothing is in flight for a moment, and that is not waiting.
    this.#checking = true;
    setImmediate(() => {
      this.#checking = false;
      if (this.#idle() && !this.#waiting) this.#report(true);
    });
  }

  #report(waiting: boolean): void {
    this.#waiting = waiting;
    this.#onChange(waiting);
  }
}

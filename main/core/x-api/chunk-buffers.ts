// Read buffers for the slices of APPEND bodies, reused across requests. Measured here: a fresh 5 MiB
// buffer costs ~25 ms of page faults to fill, a reused one ~3 ms. A buffer comes back only once the socket
// has taken its bytes, so nothing is still reading from it; after a failed write it is dropped.
export class ChunkBuffers {
  readonly #free: Buffer[] = [];
  readonly #keep: number;

  /** `keep`: at most this many idle buffers are held (about the APPENDs in flight). */
  constructor(keep = 8) {
    this.#keep = keep;
  }

  /** A buffer of at least `length` bytes (old contents, not zeroed): the caller fills what it uses. */
  take(length: number): Buffer {
    const index = this.#free.findIndex((buffer) => buffer.byteLength >= length);
    if (index === -1) return Buffer.allocUnsafeSlow(length);
    return this.#free.splice(index, 1)[0] as Buffer;
  }

  /** Hands back a buffer nothing reads from any more. */
  give(buffer: Buffer): void {
    if (this.#free.length < this.#keep) this.#free.push(buffer);
  }

  /** How many idle buffers are held (for tests). */
  get idle(): number {
    return this.#free.length;
  }
}

// Read buffers for APPEND chunks, reused across one client's APPENDs. Measured here: a fresh 5 MiB buffer
// costs ~25 ms of page faults to fill, a reused one ~3 ms; 20 chunks per 100 MB make that most of the
// fixed cost of reading. A buffer comes back only after its APPEND succeeded: X has then received every
// byte, so nothing is still reading from it. After a failure it is dropped (a write may still hold it).
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

// The upload engine, holding the data folder's sender lock (sender-lock.ts) while it has work:
// taken by whatever starts sending (start, send, retry, or a CLI command that claims it up front),
// given back when the engine is idle again and on close. So a long-running app that is not
// sending does not keep `xfer send` out, and "wait for it" in the refusal means something.
import { UploadEngine, type EngineOptions, type SendResult } from '../core/engine/index.ts';
import { isXferFailure } from '../common/errors.ts';
import { acquireSenderLock, type SenderLock, type SenderLockOptions } from './sender-lock.ts';

export interface SendingEngineOptions extends EngineOptions {
  dataDir: string;
  /** Tests: another pid or host, a liveness check. */
  lock?: SenderLockOptions;
}

export class SendingEngine extends UploadEngine {
  readonly #dataDir: string;
  readonly #lockOptions: SenderLockOptions | undefined;
  #lock: SenderLock | null = null;
  /** Work besides uploads (the posts scheduler's turns) that holds the lock now. */
  #holds = 0;

  constructor(options: SendingEngineOptions) {
    super(options);
    this.#dataDir = options.dataDir;
    this.#lockOptions = options.lock;
  }

  /** Takes the sender lock now (kept until idle after a send, or close); fails with 'environment' naming the holder. */
  claimSending(): void {
    this.#lock ??= acquireSenderLock(this.#dataDir, this.#lockOptions);
  }

  /** Whether this process holds the sender lock now. */
  isSending(): boolean {
    return this.#lock !== null;
  }

  /** Gives the lock back once nothing is queued or running; call on every queue status change. */
  releaseIfIdle(): void {
    if (this.#holds > 0) return;
    const status = this.status();
    if (status.queued === 0 && status.active === 0) this.#release();
  }

  /**
   * Runs `work` holding the sender lock (posts go out from one process only, like uploads). Returns false,
   * without running it, when another process sends from this data folder.
   */
  async withSendingLock(work: () => Promise<void>): Promise<boolean> {
    try {
      this.claimSending();
    } catch (thrown) {
      if (isXferFailure(thrown) && thrown.error.kind === 'environment') return false;
      throw thrown;
    }
    this.#holds += 1;
    try {
      await work();
      return true;
    } finally {
      this.#holds -= 1;
      this.releaseIfIdle();
    }
  }

  override start(): number {
    this.claimSending();
    try {
      return super.start();
    } finally {
      this.releaseIfIdle();
    }
  }

  override send(ids: readonly string[]): SendResult {
    this.claimSending();
    try {
      return super.send(ids);
    } finally {
      this.releaseIfIdle();
    }
  }

  /** Claimed before retry moves the session to ready, so a refused retry leaves it as it was. */
  override retry(id: string): SendResult {
    this.claimSending();
    try {
      return super.retry(id);
    } finally {
      this.releaseIfIdle();
    }
  }

  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      this.#release();
    }
  }

  #release(): void {
    this.#lock?.release();
    this.#lock = null;
  }
}

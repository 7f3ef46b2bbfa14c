// A state object's calls to main with their busy flag and last error: `busy` while one runs (the components
// disable their buttons), `error` from the last that failed, cleared when the next starts (they show it).
import type { Result, XferError } from '../../../main/common/errors.ts';

export class TrackedCalls {
  busy = $state(false);
  error = $state.raw<XferError | null>(null);

  /** Runs one call, keeping `busy` and `error` current; the value on success, null on failure. */
  protected async track<T>(call: () => Promise<Result<T>>): Promise<T | null> {
    this.busy = true;
    this.error = null;
    try {
      const result = await call();
      if (!result.ok) {
        this.error = result.error;
        return null;
      }
      return result.value;
    } finally {
      this.busy = false;
    }
  }
}

// Runs `work` and turns an XferFailure into `{ok:false}` so a test can assert on the error value;
// anything else is a bug and propagates.
import { isXferFailure, type Result } from '../../main/common/errors.ts';

export async function toResult<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (thrown) {
    if (isXferFailure(thrown)) return { ok: false, error: thrown.error };
    throw thrown;
  }
}

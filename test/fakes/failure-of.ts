// The XferError a piece of work fails with; anything else it throws (or its success) fails the test.
import { isXferFailure, type XferError } from '../../main/common/errors.ts';

export async function failureOf(work: Promise<unknown>): Promise<XferError> {
  try {
    await work;
  } catch (thrown) {
    if (isXferFailure(thrown)) return thrown.error;
    throw thrown;
  }
  throw new Error('expected a failure');
}

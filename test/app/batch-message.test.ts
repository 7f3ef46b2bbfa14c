// The desktop notification at the end of a batch of sends.
import { describe, expect, it } from 'vitest';
import { batchMessage } from '../../main/app/forward-events.ts';

describe('batchMessage', () => {
  it('says nothing when no session of the batch was sent to the end (all paused or cancelled)', () => {
    expect(batchMessage({ succeeded: 0, failed: 0 })).toBeNull();
  });

  it('counts what was uploaded and what failed', () => {
    expect(batchMessage({ succeeded: 2, failed: 0 })).toEqual({ title: 'Uploads finished', body: '2 of 2 uploaded' });
    expect(batchMessage({ succeeded: 1, failed: 2 })).toEqual({
      title: 'Uploads finished with failures',
      body: '1 uploaded, 2 failed',
    });
  });
});

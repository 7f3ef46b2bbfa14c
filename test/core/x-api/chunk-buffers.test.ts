// The APPEND read buffers: reused after a success, never handed out twice at once.
import { describe, expect, it } from 'vitest';
import { ChunkBuffers } from '../../../main/core/x-api/chunk-buffers.ts';

describe('ChunkBuffers', () => {
  it('hands out a buffer at least as long as asked', () => {
    expect(new ChunkBuffers().take(1000).byteLength).toBeGreaterThanOrEqual(1000);
  });

  it('reuses a buffer given back for a chunk that fits in it', () => {
    const buffers = new ChunkBuffers();
    const first = buffers.take(1000);
    buffers.give(first);
    expect(buffers.take(600)).toBe(first);
    expect(buffers.idle).toBe(0);
  });

  it('never hands out a buffer that is still taken', () => {
    const buffers = new ChunkBuffers();
    const first = buffers.take(1000);
    expect(buffers.take(1000)).not.toBe(first);
  });

  it('allocates anew when every idle buffer is too short', () => {
    const buffers = new ChunkBuffers();
    const short = buffers.take(100);
    buffers.give(short);
    expect(buffers.take(1000)).not.toBe(short);
    expect(buffers.idle).toBe(1);
  });

  it('keeps at most the number of idle buffers it was told', () => {
    const buffers = new ChunkBuffers(2);
    const taken = [buffers.take(10), buffers.take(10), buffers.take(10)];
    for (const buffer of taken) buffers.give(buffer);
    expect(buffers.idle).toBe(2);
  });
});

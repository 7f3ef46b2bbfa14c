// Each segment's hash, taken when a file is prepared and checked as the segment is read for sending: a file
// edited in place while it uploads (the same size, even with its mtime restored) is caught, never sent as a
// mix of old and new bytes. XXH64 (xxhash-wasm): not a security hash, it only has to notice a change, and it
// runs at several GB/s where SHA-256 runs at ~0.4 GB/s on this machine (bench/README.md, "segment hashes"),
// so checking every byte as it goes out costs little next to sending it.
import { open } from 'node:fs/promises';
import xxhash from 'xxhash-wasm';

/** What a segment whose bytes are not those prepared says (the transport, then the engine, with the file's name). */
export const CHANGED_WHILE_SENT = 'the file changed while it was being sent';

/** Which hash the ledger's `segment_hashes` rows hold. */
export const SEGMENT_HASH_ALGORITHM = 'xxh64';

/** A hash being fed a segment's bytes in order. */
export interface SegmentHash {
  update(bytes: Uint8Array): void;
  /** Lower-case hex. */
  digest(): string;
}

let hasher: Promise<Awaited<ReturnType<typeof xxhash>>> | null = null;

/** A fresh streaming hash (the WebAssembly module is compiled once per process). */
export async function createSegmentHash(): Promise<SegmentHash> {
  hasher ??= xxhash();
  const { create64 } = await hasher;
  const state = create64();
  return {
    update(bytes) {
      state.update(bytes);
    },
    digest: () => state.digest().toString(16).padStart(16, '0'),
  };
}

export interface SegmentPlan {
  chunkSize: number;
  segmentsTotal: number;
}

const READ_BYTES = 1024 * 1024;

/** The hash of every segment under `plan` of a whole file already in memory: what hashSegments gives for it. */
export async function hashSegmentsOf(bytes: Uint8Array, plan: SegmentPlan): Promise<string[]> {
  const hashes: string[] = [];
  for (let index = 0; index < plan.segmentsTotal; index++) {
    const hash = await createSegmentHash();
    hash.update(bytes.subarray(index * plan.chunkSize, (index + 1) * plan.chunkSize));
    hashes.push(hash.digest());
  }
  return hashes;
}

/**
 * The hash of every segment of `path` under `plan`, reading the file once from start to end. A file shorter
 * than the plan says fails (it changed since it was fingerprinted).
 */
export async function hashSegments(
  path: string,
  plan: SegmentPlan,
  totalBytes: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, Math.max(1, plan.chunkSize)));
    const hashes: string[] = [];
    for (let index = 0; index < plan.segmentsTotal; index++) {
      signal?.throwIfAborted();
      const start = index * plan.chunkSize;
      const length = Math.min(plan.chunkSize, totalBytes - start);
      const hash = await createSegmentHash();
      for (let done = 0; done < length;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - done), start + done);
        if (bytesRead === 0) throw new Error(`${path} is shorter than the ${totalBytes} bytes it was prepared with`);
        hash.update(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
      hashes.push(hash.digest());
    }
    return hashes;
  } finally {
    await handle.close();
  }
}

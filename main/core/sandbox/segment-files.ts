// Segment bytes live in files under the storage directory, never in memory: a 1 GB upload costs
// disk, not RAM. The SHA-256 of the assembled media is computed by streaming segments in order.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HASH_READ_BYTES = 1_048_576;

/** The SHA-256 of files read back to back, as one stream of bytes. */
export async function sha256OfFiles(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  // One reused buffer: a fresh 64 KB buffer per read (a read stream's way) cost more in allocation and
  // GC than the hashing itself on a 1 GB upload, and FINALIZE waits for this.
  const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
  for (const path of paths) {
    const handle = await open(path, 'r');
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
  return hash.digest('hex');
}

export interface SegmentFiles {
  dir: string;
  /** A fresh path for an incoming part; nothing there counts as stored until `commit`. */
  tempPath(): string;
  /** Moves a received part into place as segment `index` of `mediaId`, replacing a re-sent one. */
  commit(mediaId: string, index: number, tempPath: string): Promise<void>;
  writeSegment(mediaId: string, index: number, bytes: Uint8Array): Promise<void>;
  sha256(mediaId: string, indexes: readonly number[]): Promise<string>;
  head(mediaId: string, index: number, length: number): Promise<Buffer>;
  readAll(mediaId: string, indexes: readonly number[]): Promise<Buffer>;
  /** Removes the directory if the sandbox created it. */
  close(): Promise<void>;
}

export async function openSegmentFiles(storageDir?: string): Promise<SegmentFiles> {
  const owned = storageDir === undefined;
  const dir = storageDir ?? (await mkdtemp(join(tmpdir(), 'xfer-sandbox-')));
  await mkdir(join(dir, 'incoming'), { recursive: true });
  const made = new Set<string>();
  const segmentPath = (mediaId: string, index: number) => join(dir, 'media', mediaId, `${index}.segment`);

  async function ensureMediaDir(mediaId: string): Promise<void> {
    if (made.has(mediaId)) return;
    await mkdir(join(dir, 'media', mediaId), { recursive: true });
    made.add(mediaId);
  }

  return {
    dir,
    tempPath: () => join(dir, 'incoming', `${randomBytes(12).toString('hex')}.part`),
    async commit(mediaId, index, tempPath) {
      await ensureMediaDir(mediaId);
      await rename(tempPath, segmentPath(mediaId, index));
    },
    async writeSegment(mediaId, index, bytes) {
      await ensureMediaDir(mediaId);
      const handle = await open(segmentPath(mediaId, index), 'w');
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
    },
    sha256: (mediaId, indexes) => sha256OfFiles(indexes.map((index) => segmentPath(mediaId, index))),
    async head(mediaId, index, length) {
      const handle = await open(segmentPath(mediaId, index), 'r');
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async readAll(mediaId, indexes) {
      const parts: Buffer[] = [];
      for (const index of indexes) {
        const handle = await open(segmentPath(mediaId, index), 'r');
        try {
          parts.push(await handle.readFile());
        } finally {
          await handle.close();
        }
      }
      return Buffer.concat(parts);
    },
    async close() {
      if (owned) await rm(dir, { recursive: true, force: true });
      else await rm(join(dir, 'incoming'), { recursive: true, force: true });
    },
  };
}

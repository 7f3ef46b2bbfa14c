// A file's fingerprint: size, mtime and the SHA-256 of its first and last MiB, read with positioned reads
// (never the whole file). Taken at prepare and checked again before sending: a file changed since it was
// validated is refused rather than uploaded.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { fail, isXferFailure } from '../errors.ts';
import type { FileFingerprint } from '../ledger/types.ts';
import { MIB } from './chunk-plan.ts';

export const EDGE_BYTES = MIB;

export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      'file_changed',
      code === 'ENOENT' ? `The file is no longer at ${path}.` : `Cannot read ${path} (${code ?? 'error'}).`,
    );
  }
  try {
    const stats = await handle.stat();
    const size = stats.size;
    const hash = createHash('sha256');
    const headLength = Math.min(EDGE_BYTES, size);
    hash.update(await readAt(handle, 0, headLength));
    const tailStart = Math.max(headLength, size - EDGE_BYTES);
    hash.update(await readAt(handle, tailStart, size - tailStart));
    return { size, mtimeMs: stats.mtimeMs, edgeHash: hash.digest('hex') };
  } catch (error) {
    if (isXferFailure(error)) throw error;
    fail('file_changed', `Cannot read ${path}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) fail('file_changed', 'The file became shorter while it was read.');
    filled += bytesRead;
  }
  return buffer;
}

/** Why `current` is not the file that was prepared, in plain words; null when it is the same file. */
export function describeChange(prepared: FileFingerprint, current: FileFingerprint): string | null {
  if (prepared.size !== current.size) return `its size changed from ${prepared.size} to ${current.size} bytes`;
  if (prepared.edgeHash !== current.edgeHash) return 'its content changed';
  if (prepared.mtimeMs !== current.mtimeMs) return 'it was modified (its modification time changed)';
  return null;
}

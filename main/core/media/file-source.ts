// The file system as inspection sees it: stat, open, positioned reads. Injected so tests can make a read
// fail, hang or see the file change under it; the default is node:fs.
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export interface FileFacts {
  size: number;
  mtimeMs: number;
  ino: number;
  type: 'file' | 'directory' | 'other';
}

export interface OpenedFile {
  stat(): Promise<FileFacts>;
  /** Reads up to target.length bytes at position; resolves with how many were read (0 at the end). */
  read(target: Uint8Array, position: number): Promise<number>;
  close(): Promise<void>;
}

export interface FileSource {
  stat(path: string): Promise<FileFacts>;
  open(path: string): Promise<OpenedFile>;
}

function facts(stats: Stats): FileFacts {
  const type = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, type };
}

export const nodeFileSource: FileSource = {
  async stat(path) {
    return facts(await stat(path));
  },
  async open(path) {
    // O_NONBLOCK: should the path turn into a FIFO between stat and open, open must not wait for a writer.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    return {
      stat: async () => facts(await handle.stat()),
      read: async (target, position) => (await handle.read(target, 0, target.length, position)).bytesRead,
      close: () => handle.close(),
    };
  },
};

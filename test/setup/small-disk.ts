// A small tmpfs to fill, for the full-disk tests. mount needs root: without it, the reason to skip.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface SmallDisk {
  mount: string;
  /** Unmounts it (lazily: a test's process may still hold a file open). */
  unmount(): void;
}

/** A tmpfs of `size` (e.g. "64k") at `<parent>/<name>`, or why one cannot be made here. */
export function smallDisk(parent: string, name: string, size: string): SmallDisk | { cannot: string } {
  const mount = join(parent, name);
  mkdirSync(mount);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
  if (mounted.status !== 0)
    return { cannot: `cannot mount a small tmpfs here (needs root): ${String(mounted.stderr).trim()}` };
  return { mount, unmount: () => void spawnSync('umount', ['-l', mount]) };
}

/** Fills what is left of the disk holding `folder`, a page at a time until it refuses; returns the filler. */
export function fill(folder: string): string {
  const path = join(folder, 'filler');
  const filler = openSync(path, 'w');
  try {
    for (;;) writeSync(filler, Buffer.alloc(4096, 1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(filler);
  }
  return path;
}

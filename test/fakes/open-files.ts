// What this process holds open, for the "no handle left behind" tests. Unlinking an open file succeeds on
// Linux, so only the process's own descriptor table can show a leak.
import { readdirSync, readlinkSync } from 'node:fs';

/** Paths this process holds open under `folder` (Linux: /proc/self/fd). */
export function openFilesUnder(folder: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(folder) ? [target] : [];
    } catch {
      return [];
    }
  });
}

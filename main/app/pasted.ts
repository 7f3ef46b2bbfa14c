// Pasted images: a clipboard image has no file behind it, so its bytes are written into the data
// folder's pasted/ (one folder per paste, private to the user) and registered like any other file.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const PASTED_FOLDER = 'pasted';

/** The page names the file; main keeps only characters safe on every file system, and the extension. */
export function pastedName(raw: string): string {
  const cleaned = raw
    .replace(/[^\w .()-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const name = cleaned === '' || /^[._]+$/.test(cleaned) ? 'pasted' : cleaned;
  return name.length <= 120 ? name : name.slice(0, 100) + name.slice(name.lastIndexOf('.')).slice(0, 20);
}

export async function savePasted(dataDir: string, name: string, bytes: Uint8Array): Promise<string> {
  const folder = join(dataDir, PASTED_FOLDER, `pasted_${randomUUID()}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, pastedName(name));
  await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
  return path;
}

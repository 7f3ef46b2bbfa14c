// Pasted images: a clipboard image has no file behind it, so its bytes are written into the data
// folder's pasted/ (one folder per paste, private to the user) and registered like any other file.
// A copy goes as web mode's staged ones do (copy-folder.ts): when its sessions end or are forgotten.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CopyFolder, type CopyUses } from './copy-folder.ts';

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

export class PastedImages {
  readonly #copies: CopyFolder;

  private constructor(copies: CopyFolder) {
    this.#copies = copies;
  }

  /** Opens pasted/ in the data folder: copies that live sessions still use stay, the rest go. */
  static async open(dataDir: string, uses: CopyUses): Promise<PastedImages> {
    return new PastedImages(await CopyFolder.open(dataDir, PASTED_FOLDER, 'pasted', uses));
  }

  async save(name: string, bytes: Uint8Array): Promise<string> {
    const { id, folder } = await this.#copies.reserve();
    const path = join(folder, pastedName(name));
    try {
      await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
    } catch (thrown) {
      await this.#copies.discard(id);
      throw thrown;
    }
    this.#copies.keep(id, path);
    return path;
  }

  /** After sessions were prepared, ended or forgotten: removes the copies no live session needs. */
  sweep(): Promise<void> {
    return this.#copies.sweep();
  }
}

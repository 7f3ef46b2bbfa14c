// Web mode's staging folder: a browser has no file paths, so the page streams each file it picks
// or drops into <data dir>/staging/<id>/<name>, and the app prepares and sends from that copy. When a
// copy goes is the copy folder's rule (app/copy-folder.ts), the same as for the desktop's pasted images.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyFolder, type CopyUses } from '../app/copy-folder.ts';
import { fail } from '../common/errors.ts';
import type { Session } from '../common/session.ts';

export const STAGING_FOLDER = 'staging';

const UNSAFE = new Set('<>:"|?*\\/');

/** A file name safe on every file system, keeping the extension (validation compares it with the bytes). */
export function stagedName(raw: string): string {
  const cleaned = [...raw]
    .map((char) => (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f || UNSAFE.has(char) ? '_' : char))
    .join('')
    .trim();
  const name = cleaned === '' || /^\.+$/.test(cleaned) ? 'file' : cleaned;
  if (name.length <= 150) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return name.slice(0, 150 - extension.length) + extension;
}

export interface Received {
  stagedId: string;
  bytes: number;
}

export class StagingArea {
  readonly #copies: CopyFolder;

  private constructor(copies: CopyFolder) {
    this.#copies = copies;
  }

  /**
   * Opens the folder, keeps the copies live sessions still use and removes the rest. `stillNeeded`
   * keeps an ended session's copy anyway (a post waiting on a succeeded upload re-uploads from it
   * if the media id expires first).
   */
  static async open(
    dataDir: string,
    sessions: () => readonly Session[],
    stillNeeded: (session: Session) => boolean = () => false,
  ): Promise<StagingArea> {
    const uses: CopyUses = { sessions, stillNeeded };
    return new StagingArea(await CopyFolder.open(dataDir, STAGING_FOLDER, 'staged', uses));
  }

  /** Streams one upload into its own folder; a body shorter or longer than announced is refused and removed. */
  async receive(
    name: string,
    body: Readable,
    announced: number | null,
    onProgress: (stagedId: string, received: number) => void = () => {},
  ): Promise<Received> {
    const { id: stagedId, folder } = await this.#copies.reserve();
    const path = join(folder, stagedName(name));
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (announced !== null && bytes > announced) return done(new Error('more bytes than announced'));
        onProgress(stagedId, bytes);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      if (announced !== null && bytes !== announced) throw new Error(`${bytes} of ${announced} bytes arrived`);
    } catch (thrown) {
      await this.#copies.discard(stagedId);
      fail(
        'bad_request',
        `The upload of ${stagedName(name)} did not complete (${(thrown as Error).message}): add it again`,
      );
    }
    this.#copies.keep(stagedId, path);
    return { stagedId, bytes };
  }

  path(stagedId: string): string | null {
    return this.#copies.path(stagedId);
  }

  /** After sessions were prepared, ended or forgotten: removes the copies no live session needs. */
  sweep(): Promise<void> {
    return this.#copies.sweep();
  }
}

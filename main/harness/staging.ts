// Web mode's staging folder: a browser has no file paths, so the page streams each file it picks
// or drops into <data dir>/staging/<id>/<name>, and the app prepares and sends from that copy. A
// copy goes when every session made from it has ended (succeeded, cancelled) or been forgotten; copies
// nothing refers to any more are cleared at the next start.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fail } from '../common/errors.ts';
import type { Session } from '../common/session.ts';

export const STAGING_FOLDER = 'staging';
const ENDED: ReadonlySet<Session['state']> = new Set(['succeeded', 'cancelled']);

interface Entry {
  path: string;
  /** A session has been made from it: once none is left (or all ended), the copy goes. */
  prepared: boolean;
}

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
  readonly dir: string;
  readonly #entries = new Map<string, Entry>();
  readonly #sessions: () => readonly Session[];
  readonly #stillNeeded: (session: Session) => boolean;

  private constructor(dir: string, sessions: () => readonly Session[], stillNeeded: (session: Session) => boolean) {
    this.dir = dir;
    this.#sessions = sessions;
    this.#stillNeeded = stillNeeded;
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
    const area = new StagingArea(join(dataDir, STAGING_FOLDER), sessions, stillNeeded);
    await mkdir(area.dir, { recursive: true, mode: 0o700 });
    const inUse = area.#filesInUse();
    for (const folder of await readdir(area.dir, { withFileTypes: true })) {
      const [file] = folder.isDirectory() ? await readdir(join(area.dir, folder.name)) : [];
      const path = file === undefined ? null : join(area.dir, folder.name, file);
      if (path !== null && inUse.get(path) === 'live') area.#entries.set(folder.name, { path, prepared: true });
      else await rm(join(area.dir, folder.name), { recursive: true, force: true });
    }
    return area;
  }

  /** Streams one upload into its own folder; a body shorter or longer than announced is refused and removed. */
  async receive(
    name: string,
    body: Readable,
    announced: number | null,
    onProgress: (stagedId: string, received: number) => void = () => {},
  ): Promise<Received> {
    const stagedId = `staged_${randomUUID()}`;
    const folder = join(this.dir, stagedId);
    await mkdir(folder, { mode: 0o700 });
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
      await rm(folder, { recursive: true, force: true });
      fail(
        'bad_request',
        `The upload of ${stagedName(name)} did not complete (${(thrown as Error).message}): add it again`,
      );
    }
    this.#entries.set(stagedId, { path, prepared: false });
    return { stagedId, bytes };
  }

  path(stagedId: string): string | null {
    return this.#entries.get(stagedId)?.path ?? null;
  }

  /** After sessions were prepared, ended or forgotten: removes the copies no live session needs. */
  async sweep(): Promise<void> {
    if (this.#entries.size === 0) return;
    const inUse = this.#filesInUse();
    for (const [stagedId, entry] of this.#entries) {
      const use = inUse.get(entry.path);
      if (use === 'live') entry.prepared = true;
      else if (use === 'ended' || entry.prepared) {
        this.#entries.delete(stagedId);
        await rm(join(this.dir, stagedId), { recursive: true, force: true });
      }
    }
  }

  /** Each staged path sessions refer to: 'live' while any of them has not ended. */
  #filesInUse(): Map<string, 'live' | 'ended'> {
    const uses = new Map<string, 'live' | 'ended'>();
    const prefix = this.dir + '/';
    for (const session of this.#sessions()) {
      for (const path of [session.file, session.conversion?.from]) {
        if (typeof path !== 'string' || !path.startsWith(prefix)) continue;
        if (!ENDED.has(session.state) || this.#stillNeeded(session)) uses.set(path, 'live');
        else if (!uses.has(path)) uses.set(path, 'ended');
      }
    }
    return uses;
  }
}

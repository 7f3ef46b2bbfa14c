// A folder of Xfer's own copies of files that have no lasting path of their own: web mode's staged
// uploads (harness/staging.ts) and the desktop's pasted images (pasted.ts). Each copy lives in its own
// <folder>/<id>/ and goes when every session made from it has ended (succeeded, cancelled) or been
// forgotten; copies nothing refers to any more are cleared when the folder is opened again.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Session } from '../common/session.ts';
import type { Ledger } from '../core/ledger/index.ts';
import type { EventHub } from '../ipc/events.ts';
import type { SessionView } from '../ipc/contract.ts';

const ENDED: ReadonlySet<Session['state']> = new Set(['succeeded', 'cancelled']);

export interface CopyUses {
  sessions: () => readonly Session[];
  /** Keeps an ended session's copy anyway (a post waiting on a succeeded upload re-uploads from it). */
  stillNeeded?: (session: Session) => boolean;
}

/** The app's rule: a post not yet out may re-upload a succeeded session's file (its media id expired). */
export function copyUsesOf(ledger: Ledger): CopyUses {
  return {
    sessions: () => ledger.listSessions(),
    stillNeeded: (session) =>
      session.state === 'succeeded' && ledger.posts.usingSession(session.id).some((post) => post.state !== 'posted'),
  };
}

interface Entry {
  path: string;
  /** A session has been made from it: once none is left (or all ended), the copy goes. */
  prepared: boolean;
}

export class CopyFolder {
  readonly dir: string;
  readonly #prefix: string;
  readonly #entries = new Map<string, Entry>();
  readonly #uses: Required<CopyUses>;

  private constructor(dir: string, prefix: string, uses: CopyUses) {
    this.dir = dir;
    this.#prefix = prefix;
    this.#uses = { stillNeeded: () => false, ...uses };
  }

  /** Opens <dataDir>/<name>, keeps the copies live sessions still use and removes the rest. */
  static async open(dataDir: string, name: string, prefix: string, uses: CopyUses): Promise<CopyFolder> {
    const area = new CopyFolder(join(dataDir, name), prefix, uses);
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

  /** A new, private folder for one copy; `keep` it once the file is whole, `discard` it otherwise. */
  async reserve(): Promise<{ id: string; folder: string }> {
    const id = `${this.#prefix}_${randomUUID()}`;
    const folder = join(this.dir, id);
    await mkdir(folder, { mode: 0o700 });
    return { id, folder };
  }

  keep(id: string, path: string): void {
    this.#entries.set(id, { path, prepared: false });
  }

  async discard(id: string): Promise<void> {
    this.#entries.delete(id);
    await rm(join(this.dir, id), { recursive: true, force: true });
  }

  path(id: string): string | null {
    return this.#entries.get(id)?.path ?? null;
  }

  /** After sessions were prepared, ended or forgotten: removes the copies no live session needs. */
  async sweep(): Promise<void> {
    if (this.#entries.size === 0) return;
    const inUse = this.#filesInUse();
    for (const [id, entry] of this.#entries) {
      const use = inUse.get(entry.path);
      if (use === 'live') entry.prepared = true;
      else if (use === 'ended' || entry.prepared) await this.discard(id);
    }
  }

  /** Each path in this folder sessions refer to: 'live' while any of them has not ended. */
  #filesInUse(): Map<string, 'live' | 'ended'> {
    const uses = new Map<string, 'live' | 'ended'>();
    const prefix = this.dir + '/';
    for (const session of this.#uses.sessions()) {
      for (const path of [session.file, session.conversion?.from]) {
        if (typeof path !== 'string' || !path.startsWith(prefix)) continue;
        if (!ENDED.has(session.state) || this.#uses.stillNeeded(session)) uses.set(path, 'live');
        else if (!uses.has(path)) uses.set(path, 'ended');
      }
    }
    return uses;
  }
}

/**
 * Sweeps after each event that can free a copy: a session that ended or was forgotten (a sweep after
 * prepare, which marks copies as used, is the caller's). Returns the unsubscribe.
 */
export function sweepWhenSessionsEnd(hub: EventHub, sweep: () => Promise<void>, what: string): () => void {
  const run = () => sweepSoon(sweep, what);
  return hub.subscribe((event, payload) => {
    if (event === 'sessionRemoved') run();
    else if (event === 'sessionChanged' && ENDED.has((payload as SessionView).state)) run();
  });
}

/** A sweep in the background: nothing waits for it, and a failure is said on stderr. */
export function sweepSoon(sweep: () => Promise<void>, what: string): void {
  void sweep().catch((error: unknown) => console.error(`xfer: ${what} sweep failed:`, error));
}

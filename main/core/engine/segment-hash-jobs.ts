// Segment hashes are taken once per session and chunk plan: started in the background when a file is
// prepared (the app goes on at once), and awaited by the sender before its first APPEND — taken then when no
// job ran (a session prepared by an older Xfer, or by a `xfer prepare` that exited before it finished).
import { basename } from 'node:path';
import { fail, isXferFailure } from '../../common/errors.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { SegmentHashes, Session } from '../../common/session.ts';
import { SEGMENT_HASH_ALGORITHM, hashSegments } from '../media/segment-hashes.ts';

type Plan = Pick<Session, 'id' | 'file' | 'chunkSize' | 'segmentsTotal' | 'totalBytes'> & {
  fingerprint?: Pick<Session['fingerprint'], 'mtimeMs'>;
};

/** Jobs in flight, per ledger (one process may hold several in tests), by session and chunk size. */
const running = new WeakMap<Ledger, Map<string, Promise<SegmentHashes>>>();

function jobKey(session: Plan): string {
  return `${session.id}:${session.chunkSize}:${session.file}:${session.totalBytes}:${session.fingerprint?.mtimeMs ?? ''}`;
}

function usable(hashes: SegmentHashes | null, session: Plan): hashes is SegmentHashes {
  return (
    hashes !== null &&
    hashes.algorithm === SEGMENT_HASH_ALGORITHM &&
    hashes.chunkSize === session.chunkSize &&
    hashes.hashes.length === session.segmentsTotal
  );
}

function job(ledger: Ledger, session: Plan): Promise<SegmentHashes> {
  let jobs = running.get(ledger);
  if (!jobs) running.set(ledger, (jobs = new Map()));
  const key = jobKey(session);
  const existing = jobs.get(key);
  if (existing) return existing;
  const started = (async () => {
    let hashes: string[];
    try {
      hashes = await hashSegments(session.file, session, session.totalBytes);
    } catch (error) {
      if (isXferFailure(error)) throw error;
      fail('file_changed', `Cannot read ${basename(session.file)} to hash it: ${(error as Error).message}`);
    }
    const taken: SegmentHashes = { chunkSize: session.chunkSize, algorithm: SEGMENT_HASH_ALGORITHM, hashes };
    // The session may have been forgotten meanwhile, or given another file (a re-check of a file changed
    // on disk, a conversion): then these hashes are of bytes it no longer holds, and are not recorded.
    if (holdsSameFile(ledger.getSession(session.id), session)) ledger.setSegmentHashes(session.id, taken);
    return taken;
  })();
  jobs.set(key, started);
  // Done or failed, the job leaves the table: a failure is taken again (and reported) by the sender.
  const forget = (): void => void jobs.delete(key);
  started.then(forget, forget);
  return started;
}

function holdsSameFile(current: Session | null | undefined, hashed: Plan): boolean {
  return (
    current !== null &&
    current !== undefined &&
    current.file === hashed.file &&
    current.totalBytes === hashed.totalBytes &&
    current.chunkSize === hashed.chunkSize &&
    (hashed.fingerprint === undefined || current.fingerprint.mtimeMs === hashed.fingerprint.mtimeMs)
  );
}

/** A session now holds other bytes than its recorded hashes were taken of: forgets them and hashes anew. */
export function retakeSegmentHashes(ledger: Ledger, session: Session): void {
  ledger.clearSegmentHashes(session.id);
  startSegmentHashes(ledger, session);
}

/** Starts hashing a ready session's segments in the background, unless they are hashed or being hashed. */
export function startSegmentHashes(ledger: Ledger, session: Session): void {
  if (session.state !== 'ready' || session.segmentsTotal === 0) return;
  if (usable(ledger.segmentHashes(session.id), session)) return;
  void job(ledger, session).catch(() => {
    // Not silence: the sender awaits the hashes before its first APPEND, takes them again and reports why.
  });
}

/**
 * The hashes taken when the session was prepared, under its current plan, or null: recorded, or still being
 * taken by the job its prepare started (`xfer upload` prepares and sends in one process, and its send starts
 * before that job is done; the job hashes what the recorded hashes would be). Only a session never sent
 * before (`neverSent`: no attempt before this one) can say where its hashes came from: a sender that finds
 * none takes them itself, from the file as it is then, and records them, so after a first attempt they may
 * not be the prepared bytes'.
 */
export async function preparedSegmentHashes(
  ledger: Ledger,
  session: Plan,
  neverSent: boolean,
): Promise<SegmentHashes | null> {
  if (!neverSent) return null;
  const recorded = ledger.segmentHashes(session.id);
  if (usable(recorded, session)) return recorded;
  const preparing = running.get(ledger)?.get(jobKey(session));
  if (!preparing) return null;
  return preparing.then(
    (hashes) => (usable(hashes, session) ? hashes : null),
    () => null, // the sender takes them again, and reports why
  );
}

/** The session's segment hashes under its current plan: recorded ones, the background job's, or taken now. */
export async function segmentHashesFor(ledger: Ledger, session: Plan): Promise<SegmentHashes> {
  const recorded = ledger.segmentHashes(session.id);
  if (usable(recorded, session)) return recorded;
  return job(ledger, session);
}

/**
 * Resolves once every hash job running for this ledger has ended (recorded, or failed and left to the
 * sender). Awaited before the ledger closes: a process that prepares and exits (`xfer prepare`) keeps the
 * hashes it started, instead of leaving its sender to read the whole file again before the first APPEND.
 */
export async function segmentHashesSettled(ledger: Ledger): Promise<void> {
  const jobs = running.get(ledger);
  if (jobs) await Promise.allSettled([...jobs.values()]);
}

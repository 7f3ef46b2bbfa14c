// Every media request that reached the application, in order: when it arrived (its body read, its user
// known) and when the answer of one that took effect went out. Tests read the order of requests from it, never their timing: that
// the next file's INIT arrived before this file's FINALIZE was answered, that STATUS polls of two files
// went out in one loop. An optional gate holds a request's answer until a test lets it go.
import type { RateBucket } from './rate-limit.ts';

export interface JournalEntry {
  /** Position in the journal, from 1. */
  seq: number;
  event: 'arrived' | 'answered';
  /** The rate-limit bucket names the step: initialize, append, upload (one-shot), finalize, status, … */
  bucket: RateBucket;
  userId: string;
  /** The media id the request names (null for INIT and the one-shot on arrival; their answer's id then). */
  mediaId: string | null;
  segmentIndex: number | null;
  /** INIT's total_bytes: tells two files' INITs apart before either has an id. */
  totalBytes: number | null;
  /** The answer's status (answered only). */
  status: number | null;
}

export type JournalRequest = Omit<JournalEntry, 'seq' | 'event' | 'status'>;

/** Holds an answer until the promise it returns settles (a test's gate); null lets answers go at once. */
export type AnswerGate = (request: JournalEntry) => Promise<void> | void;

export interface RequestJournal {
  arrived(request: JournalRequest): void;
  /** Waits for the gate, then records the answer. */
  answering(request: JournalRequest, status: number): Promise<void>;
  entries(): JournalEntry[];
  setGate(gate: AnswerGate | null): void;
}

export function createRequestJournal(): RequestJournal {
  const entries: JournalEntry[] = [];
  let gate: AnswerGate | null = null;
  const record = (request: JournalRequest, event: JournalEntry['event'], status: number | null): JournalEntry => {
    const entry: JournalEntry = { ...request, seq: entries.length + 1, event, status };
    entries.push(entry);
    return entry;
  };
  return {
    arrived: (request) => void record(request, 'arrived', null),
    async answering(request, status) {
      const pending: JournalEntry = { ...request, seq: 0, event: 'answered', status };
      if (gate) await gate(pending);
      record(request, 'answered', status);
    },
    entries: () => [...entries],
    setGate: (next) => void (gate = next),
  };
}

/** The media id in an answer's JSON (v2's data.id, v1.1's media_id_string), for INIT and the one-shot. */
export function mediaIdInAnswer(json: unknown): string | null {
  if (!json || typeof json !== 'object') return null;
  const body = json as { data?: { id?: unknown }; media_id_string?: unknown };
  const id = body.data?.id ?? body.media_id_string;
  return typeof id === 'string' ? id : null;
}

// Every request that found a route, in arrival order: the fault it drew and when that failure was answered
// (what a test needs to check that a client tried each failed request again no later than its retry policy
// allows), and, for a media request that reached the application (its body read, its user known), what it
// names and when its answer went out. Tests read the order of requests from `seq` and `answeredSeq` (one
// count), never their timing: that the next file's INIT arrived before this file's FINALIZE was answered,
// that STATUS polls of two files went out in one loop. An optional gate holds a media answer until a test
// lets it go.
import type { FaultKind } from './faults.ts';
import type { RateBucket } from './rate-limit.ts';
import type { RouteContext } from './route.ts';

/** What a media request names, known once it reached the application (null for every other request). */
export interface MediaDetails {
  /** The rate-limit bucket names the step: initialize, append, upload (one-shot), finalize, status. */
  bucket: RateBucket;
  userId: string;
  /** The media id the request names (null for INIT and the one-shot until their answer gives it). */
  mediaId: string | null;
  segmentIndex: number | null;
  /** INIT's total_bytes: tells two files' INITs apart before either has an id. */
  totalBytes: number | null;
}

export interface LoggedRequest {
  /** Position of its arrival, from 1, in the one count that `answeredSeq` shares. */
  seq: number;
  /** "POST /2/media/upload/123/append": an APPEND's media id is in its path (v2). */
  route: string;
  /** Sandbox-clock ms when its head arrived. */
  arrivedAt: number;
  /** The fault it drew, or null. */
  fault: FaultKind | null;
  /** When the fault's answer went out (or its connection was cut); null for a request without a fault. */
  failedAt: number | null;
  /** An injected 429's x-rate-limit-reset, in ms; null otherwise. */
  resetAt: number | null;
  /** A media request's details (MediaDetails), null until it reached the application, and for any other. */
  bucket: RateBucket | null;
  userId: string | null;
  mediaId: string | null;
  segmentIndex: number | null;
  totalBytes: number | null;
  /** A media request's answer that took effect: its position in the count, and its status; else null. */
  answeredSeq: number | null;
  status: number | null;
}

/** Holds a media answer until the promise it returns settles (a test's gate); null lets answers go at once. */
export type AnswerGate = (request: LoggedRequest) => Promise<void> | void;

export interface RequestLog {
  /** Logs a request whose head arrived; the entry returned is the one the other calls take. */
  arrived(route: string, fault: FaultKind | null, at: number): LoggedRequest;
  /** A media request reached the application. */
  identified(entry: LoggedRequest, details: MediaDetails): void;
  /** Waits for the gate, then records the answer (the media id an INIT or one-shot answer gave, if any). */
  answering(entry: LoggedRequest, status: number, mediaId: string | null): Promise<void>;
  /** Copies, in arrival order. */
  entries(): LoggedRequest[];
  setGate(gate: AnswerGate | null): void;
}

export function createRequestLog(): RequestLog {
  const logged: LoggedRequest[] = [];
  let count = 0;
  let gate: AnswerGate | null = null;
  return {
    arrived(route, fault, at) {
      const entry: LoggedRequest = {
        seq: ++count,
        route,
        arrivedAt: at,
        fault,
        failedAt: null,
        resetAt: null,
        bucket: null,
        userId: null,
        mediaId: null,
        segmentIndex: null,
        totalBytes: null,
        answeredSeq: null,
        status: null,
      };
      logged.push(entry);
      return entry;
    },
    identified: (entry, details) => void Object.assign(entry, details),
    async answering(entry, status, mediaId) {
      if (gate) await gate({ ...entry, mediaId: entry.mediaId ?? mediaId, status });
      Object.assign(entry, { mediaId: entry.mediaId ?? mediaId, status, answeredSeq: ++count });
    },
    entries: () => logged.map((entry) => ({ ...entry })),
    setGate: (next) => void (gate = next),
  };
}

const MEDIA_BUCKETS: ReadonlySet<RateBucket> = new Set(['initialize', 'append', 'upload', 'finalize', 'status']);

/** What the log keeps of a media request (null for the other routes). */
export function mediaDetails(bucket: RateBucket, userId: string, context: RouteContext): MediaDetails | null {
  if (!MEDIA_BUCKETS.has(bucket)) return null;
  const body = context.json as { total_bytes?: unknown } | undefined;
  const totalBytes = Number(context.fields.get('total_bytes') ?? body?.total_bytes ?? NaN);
  const segmentIndex = Number(context.fields.get('segment_index') ?? NaN);
  return {
    bucket,
    userId,
    mediaId: mediaIdOf(context),
    segmentIndex: Number.isInteger(segmentIndex) ? segmentIndex : null,
    totalBytes: Number.isInteger(totalBytes) ? totalBytes : null,
  };
}

/** The media id a request names: in its path (v2), its form fields or query (v1.1), or its JSON body. */
export function mediaIdOf(context: Pick<RouteContext, 'pathParams' | 'fields' | 'query' | 'json'>): string | null {
  const body = context.json as Record<string, unknown> | undefined;
  const fromJson = body && typeof body === 'object' ? (body.id ?? body.media_id) : undefined;
  return (
    context.pathParams.id ??
    context.fields.get('media_id') ??
    context.query.get('media_id') ??
    (typeof fromJson === 'string' ? fromJson : null)
  );
}

/** The media id in an answer's JSON (v2's data.id, v1.1's media_id_string), for INIT and the one-shot. */
export function mediaIdInAnswer(json: unknown): string | null {
  if (!json || typeof json !== 'object') return null;
  const body = json as { data?: { id?: unknown }; media_id_string?: unknown };
  const id = body.data?.id ?? body.media_id_string;
  return typeof id === 'string' ? id : null;
}

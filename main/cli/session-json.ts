// What one session looks like in `--json` output: snake_case like X's own payloads, media ids
// as strings (they exceed 2^53), times as ISO 8601, never a secret (sessions hold none).
import { listedCategory, type MediaCategory } from '../common/media-types.ts';
import type { Session } from '../common/session.ts';

export interface SessionJson {
  id: string;
  state: Session['state'];
  file: string;
  account: string | null;
  total_bytes: number;
  media_type: string;
  /** Null when the file's type is not recognised: it fits no category (listedCategory). */
  media_category: MediaCategory | null;
  additional_owners: string[];
  alt_text: string | null;
  media_id: string | null;
  expires_at: string | null;
  segments_acked: number;
  segments_total: number;
  bytes_acked: number;
  processing_percent: number | null;
  error: { kind: string; message: string } | null;
  /** A remark that is not an error, e.g. "Waiting for connection". */
  notice: string | null;
  /** Drafts: why the file cannot be sent as prepared. */
  problems: { field: string; code: string; message: string }[];
  /** When `file` is a copy Xfer fitted: the original and what changed. */
  converted_from: { file: string; sha256: string; changes: string[]; tool: string } | null;
  created_at: string;
  updated_at: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function sessionJson(session: Session, accountName: string | null): SessionJson {
  return {
    id: session.id,
    state: session.state,
    file: session.file,
    account: accountName,
    total_bytes: session.totalBytes,
    media_type: session.mediaType,
    media_category: listedCategory(session.mediaCategory, session.validation),
    converted_from:
      session.conversion === null
        ? null
        : {
            file: session.conversion.from,
            sha256: session.conversion.fromSha256,
            changes: session.conversion.plan.changes,
            tool: session.conversion.tool,
          },
    additional_owners: [...session.additionalOwners],
    alt_text: session.altText,
    media_id: session.mediaId,
    expires_at: iso(session.expiresAt),
    segments_acked: session.segmentsAcked,
    segments_total: session.segmentsTotal,
    bytes_acked: session.bytesAcked,
    processing_percent: session.processingPercent,
    error: session.error ? { kind: session.error.kind, message: session.error.message } : null,
    notice: session.notice,
    problems: (session.validation?.findings ?? [])
      .filter((finding) => finding.severity === 'error')
      .map(({ field, code, message }) => ({ field, code, message })),
    created_at: iso(session.createdAt)!,
    updated_at: iso(session.updatedAt)!,
  };
}

// Session ↔ row mapping. JSON columns (owners, validation, error) are checked for shape when read back:
// the file is ours, but a row written by an older or broken build must not crash a list.
import type { SQLInputValue } from 'node:sqlite';
import type { ConversionRecord } from '../../common/conversion.ts';
import type { ValidationResult } from '../../common/media-types.ts';
import type { Session, SessionState } from '../../common/session.ts';
import { SESSION_STATES } from '../../common/session.ts';
import { columnAssignments, insertSql, isRecord, parseJson, readError, type Row } from './row-codec.ts';

/** Session fields stored one-to-one in a column (fingerprint has three columns, handled apart). */
const COLUMNS = {
  id: 'id',
  state: 'state',
  file: 'file',
  accountId: 'account_id',
  api: 'api',
  totalBytes: 'total_bytes',
  mediaType: 'media_type',
  mediaCategory: 'media_category',
  additionalOwners: 'additional_owners',
  altText: 'alt_text',
  validation: 'validation',
  mediaId: 'media_id',
  expiresAt: 'expires_at',
  chunkSize: 'chunk_size',
  segmentsTotal: 'segments_total',
  segmentsAcked: 'segments_acked',
  bytesAcked: 'bytes_acked',
  attempts: 'attempts',
  processingPercent: 'processing_percent',
  error: 'error',
  notice: 'notice',
  conversion: 'conversion',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<Exclude<keyof Session, 'fingerprint'>, string>;

/** Fields a patch may change: not the identity, not the state (transition() owns it), not the ack counters. */
export type SessionPatch = Partial<
  Omit<Session, 'id' | 'state' | 'createdAt' | 'updatedAt' | 'segmentsAcked' | 'bytesAcked'>
>;

function encode(field: keyof Session, value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (field === 'additionalOwners' || field === 'validation' || field === 'error' || field === 'conversion')
    return JSON.stringify(value);
  return value as SQLInputValue;
}

/** Column assignments for a patch: `[sql fragment, parameters]`. */
export function patchAssignments(patch: SessionPatch): { sql: string[]; params: Row } {
  const { fingerprint, ...rest } = patch;
  const assigned = columnAssignments<keyof typeof COLUMNS>(COLUMNS, rest, encode);
  if (fingerprint !== undefined) {
    assigned.sql.push(
      'fingerprint_size = $fingerprint_size',
      'fingerprint_mtime_ms = $fingerprint_mtime_ms',
      'fingerprint_edge_hash = $fingerprint_edge_hash',
    );
    assigned.params.fingerprint_size = fingerprint.size;
    assigned.params.fingerprint_mtime_ms = fingerprint.mtimeMs;
    assigned.params.fingerprint_edge_hash = fingerprint.edgeHash;
  }
  return assigned;
}

export function sessionToRow(session: Session): Row {
  const row: Row = {
    fingerprint_size: session.fingerprint.size,
    fingerprint_mtime_ms: session.fingerprint.mtimeMs,
    fingerprint_edge_hash: session.fingerprint.edgeHash,
  };
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    row[column] = encode(field, session[field]);
  }
  return row;
}

export const INSERT_SESSION_SQL = insertSql('sessions', [
  ...Object.values(COLUMNS),
  'fingerprint_size',
  'fingerprint_mtime_ms',
  'fingerprint_edge_hash',
]);

function text(row: Record<string, unknown>, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`ledger: sessions.${column} is not text`);
  return value;
}
function textOrNull(row: Record<string, unknown>, column: string): string | null {
  const value = row[column];
  return typeof value === 'string' ? value : null;
}
function num(row: Record<string, unknown>, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new Error(`ledger: sessions.${column} is not a number`);
  return value;
}
function numOrNull(row: Record<string, unknown>, column: string): number | null {
  const value = row[column];
  return typeof value === 'number' ? value : null;
}

function readOwners(raw: string | null): string[] {
  const value = parseJson(raw);
  return Array.isArray(value) ? value.filter((owner): owner is string => typeof owner === 'string') : [];
}

function readValidation(raw: string | null): ValidationResult | null {
  const value = parseJson(raw);
  // Written by this module from a ValidationResult; the checks catch a truncated or foreign value.
  if (!isRecord(value) || typeof value.ok !== 'boolean' || !Array.isArray(value.findings)) return null;
  return value as unknown as ValidationResult;
}

function readConversion(raw: string | null): ConversionRecord | null {
  const value = parseJson(raw);
  if (!isRecord(value) || typeof value.from !== 'string' || !isRecord(value.plan) || !Array.isArray(value.args))
    return null;
  return value as unknown as ConversionRecord;
}

export function readState(raw: string): SessionState {
  const state = SESSION_STATES.find((known) => known === raw);
  if (!state) throw new Error(`ledger: unknown session state "${raw}"`);
  return state;
}

/** A session's state line: what the event log says of each change. */
export type SessionStatus = Pick<Session, 'state' | 'error' | 'notice' | 'segmentsAcked' | 'segmentsTotal'>;

/** From a row with those columns: a whole one (rowToSession) or those alone (Ledger.getSessionStatus). */
export function rowToSessionStatus(row: Record<string, unknown>): SessionStatus {
  return {
    state: readState(text(row, 'state')),
    error: readError(textOrNull(row, 'error')),
    notice: textOrNull(row, 'notice'),
    segmentsAcked: num(row, 'segments_acked'),
    segmentsTotal: num(row, 'segments_total'),
  };
}

export function rowToSession(row: Record<string, unknown>): Session {
  return {
    ...rowToSessionStatus(row),
    id: text(row, 'id'),
    file: text(row, 'file'),
    fingerprint: {
      size: num(row, 'fingerprint_size'),
      mtimeMs: num(row, 'fingerprint_mtime_ms'),
      edgeHash: text(row, 'fingerprint_edge_hash'),
    },
    accountId: textOrNull(row, 'account_id'),
    api: text(row, 'api') === 'v1.1' ? 'v1.1' : 'v2',
    totalBytes: num(row, 'total_bytes'),
    mediaType: text(row, 'media_type'),
    mediaCategory: text(row, 'media_category') as Session['mediaCategory'],
    additionalOwners: readOwners(textOrNull(row, 'additional_owners')),
    altText: textOrNull(row, 'alt_text'),
    validation: readValidation(textOrNull(row, 'validation')),
    mediaId: textOrNull(row, 'media_id'),
    expiresAt: numOrNull(row, 'expires_at'),
    chunkSize: num(row, 'chunk_size'),
    bytesAcked: num(row, 'bytes_acked'),
    attempts: num(row, 'attempts'),
    processingPercent: numOrNull(row, 'processing_percent'),
    conversion: readConversion(textOrNull(row, 'conversion')),
    createdAt: num(row, 'created_at'),
    updatedAt: num(row, 'updated_at'),
  };
}

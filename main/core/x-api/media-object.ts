// Reading X's media objects (v1.1 top-level, v2 under `data`) into one shape, checking
// every field instead of casting (reference §1 tables). Ids stay strings.
import { fail } from '../../common/errors.ts';
import { idField, isRecord, numberField, parseJsonLossless, stringField } from './json.ts';
import type { Identity, InitResult, MediaObject, ProcessingInfo, ProcessingState } from './types.ts';

const STATES: ReadonlySet<string> = new Set(['pending', 'in_progress', 'succeeded', 'failed']);

function unexpected(operation: string, what: string): never {
  // X answered 2xx with a body we cannot use: treat as a server fault the engine may retry.
  fail('server', `${operation}: X's answer has no ${what}`);
}

/** The v2 `data` object or the v1.1 top-level object. */
function payload(bodyText: string, dialect: 'v2' | 'v1.1', operation: string): Record<string, unknown> {
  const body = parseJsonLossless(bodyText);
  if (!isRecord(body)) unexpected(operation, 'JSON object');
  if (dialect === 'v1.1') return body;
  if (!isRecord(body.data)) unexpected(operation, '"data" object');
  return body.data;
}

export function parseProcessingInfo(value: unknown): ProcessingInfo | undefined {
  if (!isRecord(value)) return undefined;
  const state = stringField(value, 'state');
  if (state === undefined || !STATES.has(state)) return undefined;
  const checkAfterSecs = numberField(value, 'check_after_secs');
  const progressPercent = numberField(value, 'progress_percent');
  const info: ProcessingInfo = {
    state: state as ProcessingState,
    ...(checkAfterSecs !== undefined && { checkAfterSecs }),
    ...(progressPercent !== undefined && { progressPercent }),
  };
  if (isRecord(value.error)) {
    const code = numberField(value.error, 'code');
    const name = stringField(value.error, 'name');
    const message = stringField(value.error, 'message');
    info.error = {
      ...(code !== undefined && { code }),
      ...(name !== undefined && { name }),
      ...(message !== undefined && { message }),
    };
  }
  return info;
}

function mediaIdOf(record: Record<string, unknown>, dialect: 'v2' | 'v1.1'): string | undefined {
  // v1.1: media_id_string is authoritative; the numeric media_id is only a fallback, and
  // parseJsonLossless has already kept its digits exact.
  return dialect === 'v2' ? idField(record, 'id') : (idField(record, 'media_id_string') ?? idField(record, 'media_id'));
}

export function parseMediaObject(bodyText: string, dialect: 'v2' | 'v1.1', operation: string): MediaObject {
  const record = payload(bodyText, dialect, operation);
  const mediaId = mediaIdOf(record, dialect);
  if (mediaId === undefined) unexpected(operation, 'media id');
  const mediaKey = stringField(record, 'media_key');
  const size = numberField(record, 'size');
  const expiresAfterSecs = numberField(record, 'expires_after_secs');
  const processingInfo = parseProcessingInfo(record.processing_info);
  return {
    mediaId,
    ...(mediaKey !== undefined && { mediaKey }),
    ...(size !== undefined && { size }),
    ...(expiresAfterSecs !== undefined && { expiresAfterSecs }),
    ...(processingInfo !== undefined && { processingInfo }),
  };
}

export function parseInitResult(bodyText: string, dialect: 'v2' | 'v1.1'): InitResult {
  const media = parseMediaObject(bodyText, dialect, 'INIT');
  if (media.expiresAfterSecs === undefined) unexpected('INIT', 'expires_after_secs');
  return {
    mediaId: media.mediaId,
    ...(media.mediaKey !== undefined && { mediaKey: media.mediaKey }),
    expiresAfterSecs: media.expiresAfterSecs,
  };
}

/** v2 `{"data":{"id","username","name"}}` or the v1.1 user object (`id_str`, `screen_name`). */
export function parseIdentity(bodyText: string, dialect: 'v2' | 'v1.1'): Identity {
  const record = payload(bodyText, dialect, 'verify credentials');
  const userId = dialect === 'v2' ? idField(record, 'id') : (idField(record, 'id_str') ?? idField(record, 'id'));
  const screenName = stringField(record, dialect === 'v2' ? 'username' : 'screen_name');
  if (userId === undefined || screenName === undefined) unexpected('verify credentials', 'user id and screen name');
  const name = stringField(record, 'name');
  return { userId, screenName, ...(name !== undefined && { name }) };
}

// Post ↔ row mapping; JSON columns are checked for shape when read back (see session-row.ts).
import type { SQLInputValue } from 'node:sqlite';
import { POST_STATES, type PostState } from '../../common/posts.ts';
import type { XferError } from '../../common/errors.ts';
import type { Post, PostPatch } from './post-types.ts';

type Row = Record<string, SQLInputValue>;

const COLUMNS = {
  id: 'id',
  state: 'state',
  accountId: 'account_id',
  threadId: 'thread_id',
  threadPosition: 'thread_position',
  text: 'text',
  mediaSessionIds: 'media_session_ids',
  replyTo: 'reply_to',
  scheduledAt: 'scheduled_at',
  awaitingChoice: 'awaiting_choice',
  postId: 'post_id',
  attempts: 'attempts',
  attemptStartedAt: 'attempt_started_at',
  error: 'error',
  notice: 'notice',
  postedAt: 'posted_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof Post, string>;

function encode(field: keyof Post, value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (field === 'mediaSessionIds' || field === 'error') return JSON.stringify(value);
  if (field === 'awaitingChoice') return value ? 1 : 0;
  return value as SQLInputValue;
}

export const INSERT_POST_SQL = `INSERT INTO posts (${Object.values(COLUMNS).join(', ')}) VALUES (${Object.values(
  COLUMNS,
)
  .map((column) => `$${column}`)
  .join(', ')})`;

export function postToRow(post: Post): Row {
  const row: Row = {};
  for (const [field, column] of Object.entries(COLUMNS) as [keyof Post, string][])
    row[column] = encode(field, post[field]);
  return row;
}

export function postPatchAssignments(patch: PostPatch): { sql: string[]; params: Row } {
  const sql: string[] = [];
  const params: Row = {};
  for (const [field, value] of Object.entries(patch) as [keyof PostPatch, unknown][]) {
    if (value === undefined) continue;
    const column = COLUMNS[field];
    sql.push(`${column} = $${column}`);
    params[column] = encode(field, value);
  }
  return { sql, params };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorOf(value: unknown): XferError | null {
  const parsed = parseJson(value) as XferError | null;
  return parsed && typeof parsed === 'object' && typeof parsed.kind === 'string' && typeof parsed.message === 'string'
    ? parsed
    : null;
}

const text = (value: SQLInputValue | undefined): string | null =>
  value === null || value === undefined ? null : String(value);
const int = (value: SQLInputValue | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

export function rowToPost(row: Record<string, SQLInputValue>): Post {
  const media = parseJson(row.media_session_ids);
  const state = POST_STATES.find((known) => known === row.state) ?? ('failed' satisfies PostState);
  return {
    id: String(row.id),
    state,
    accountId: text(row.account_id),
    threadId: text(row.thread_id),
    threadPosition: Number(row.thread_position ?? 0),
    text: String(row.text ?? ''),
    mediaSessionIds: Array.isArray(media) ? media.filter((id): id is string => typeof id === 'string') : [],
    replyTo: text(row.reply_to),
    scheduledAt: int(row.scheduled_at),
    awaitingChoice: Number(row.awaiting_choice) === 1,
    postId: text(row.post_id),
    attempts: Number(row.attempts ?? 0),
    attemptStartedAt: int(row.attempt_started_at),
    error: errorOf(row.error),
    notice: text(row.notice),
    postedAt: int(row.posted_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

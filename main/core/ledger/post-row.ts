// Post ↔ row mapping; JSON columns are checked for shape when read back (see session-row.ts).
import type { SQLInputValue } from 'node:sqlite';
import { POST_STATES, type PostState } from '../../common/posts.ts';
import type { Post, PostPatch } from './post-types.ts';
import { columnAssignments, insertSql, parseJson, readError, type Row } from './row-codec.ts';

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

export const INSERT_POST_SQL = insertSql('posts', Object.values(COLUMNS));

export function postToRow(post: Post): Row {
  const row: Row = {};
  for (const [field, column] of Object.entries(COLUMNS) as [keyof Post, string][])
    row[column] = encode(field, post[field]);
  return row;
}

export function postPatchAssignments(patch: PostPatch): { sql: string[]; params: Row } {
  return columnAssignments(COLUMNS, patch, encode);
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
    error: readError(row.error),
    notice: text(row.notice),
    postedAt: int(row.posted_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

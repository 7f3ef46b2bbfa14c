// The post: text and media of one account, durable in the ledger from compose until X has it.
import type { PostState } from '../../common/posts.ts';
import type { XferError } from '../../common/errors.ts';

export interface Post {
  id: string;
  state: PostState;
  accountId: string | null;
  /** Posts of one thread share it; each replies to the one before (thread position − 1). */
  threadId: string | null;
  threadPosition: number;
  text: string;
  /** Media sessions of the same account, in order (their alt text lives on the session). */
  mediaSessionIds: string[];
  /** X post id this one replies to (the first of a thread only; the rest reply to their predecessor). */
  replyTo: string | null;
  /** ms since epoch (UTC). */
  scheduledAt: number | null;
  /** It fell due while Xfer was closed: it waits for "send now" or "reschedule". */
  awaitingChoice: boolean;
  /** X's id once posted (a string: 64-bit). */
  postId: string | null;
  attempts: number;
  /** When the last POST /2/tweets was recorded as about to go out; null when no outcome is pending. */
  attemptStartedAt: number | null;
  error: XferError | null;
  notice: string | null;
  postedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewPost = Pick<Post, 'state' | 'accountId' | 'text' | 'mediaSessionIds' | 'replyTo' | 'scheduledAt'> &
  Partial<Pick<Post, 'id' | 'error' | 'notice'>>;

export type PostPatch = Partial<Omit<Post, 'id' | 'state' | 'threadId' | 'threadPosition' | 'createdAt' | 'updatedAt'>>;

export interface PostQuery {
  state?: PostState | readonly PostState[];
  accountId?: string;
  threadId?: string;
  limit?: number;
}

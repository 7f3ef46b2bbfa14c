// The posts half of the ledger: posts and threads in the same SQLite file as the sessions, every change one
// transaction, so a kill -9 at any moment leaves a post whose state says what is known.
import { randomUUID } from 'node:crypto';
import type { PostState } from '../../common/posts.ts';
import { XferFailure, fail, xferError } from '../../common/errors.ts';
import { canPostTransition } from './post-transitions.ts';
import { INSERT_POST_SQL, postPatchAssignments, postToRow, rowToPost } from './post-row.ts';
import { stateAndAccountWhere } from './row-codec.ts';
import type { NewPost, Post, PostPatch, PostQuery } from './post-types.ts';
import type { Statements } from './statements.ts';

/** A refused post state change. */
export class IllegalPostTransition extends XferFailure {
  constructor(id: string, from: PostState, to: PostState, expected: readonly PostState[]) {
    const allowed = expected.length > 0 ? ` (expected ${expected.join(' or ')})` : '';
    super(xferError('bad_request', `Post ${id} is ${from}${allowed}; it cannot become ${to}.`));
    this.name = 'IllegalPostTransition';
  }
}

export class PostLedger {
  readonly #statements: Statements;
  readonly #now: () => number;

  constructor(statements: Statements, now: () => number) {
    this.#statements = statements;
    this.#now = now;
  }

  /** One post, or a thread (two or more: each replies to the one before), in one transaction. */
  insert(inputs: readonly NewPost[]): Post[] {
    if (inputs.length === 0) return [];
    return this.#transaction(() => {
      const now = this.#now();
      let threadId: string | null = null;
      if (inputs.length > 1) {
        threadId = randomUUID();
        this.#statement('INSERT INTO threads (id, account_id, created_at) VALUES (?, ?, ?)').run(
          threadId,
          inputs[0]?.accountId ?? null,
          now,
        );
      }
      return inputs.map((input, position) => {
        const post: Post = {
          id: input.id ?? randomUUID(),
          state: input.state,
          accountId: input.accountId,
          threadId,
          threadPosition: position,
          text: input.text,
          mediaSessionIds: [...input.mediaSessionIds],
          replyTo: position === 0 ? input.replyTo : null,
          scheduledAt: input.scheduledAt,
          awaitingChoice: false,
          postId: null,
          attempts: 0,
          attemptStartedAt: null,
          error: input.error ?? null,
          notice: input.notice ?? null,
          postedAt: null,
          createdAt: now,
          updatedAt: now,
        };
        this.#statement(INSERT_POST_SQL).run(postToRow(post));
        return post;
      });
    });
  }

  get(id: string): Post | null {
    const row = this.#statement('SELECT * FROM posts WHERE id = ?').get(id);
    return row ? rowToPost(row) : null;
  }

  require(id: string): Post {
    return this.get(id) ?? fail('not_found', `No post with id ${id}.`);
  }

  /** Oldest first (the order they go out in). */
  list(query: PostQuery = {}): Post[] {
    const filter = stateAndAccountWhere(query);
    if (filter === null) return [];
    const { where, params } = filter;
    if (query.threadId !== undefined) {
      where.push('thread_id = ?');
      params.push(query.threadId);
    }
    let sql = 'SELECT * FROM posts';
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY created_at, thread_position, rowid';
    if (query.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(query.limit);
    }
    return this.#statement(sql)
      .all(...params)
      .map(rowToPost);
  }

  /** The post before this one in its thread (the one it replies to), or null. */
  previousInThread(post: Post): Post | null {
    if (post.threadId === null || post.threadPosition === 0) return null;
    const row = this.#statement('SELECT * FROM posts WHERE thread_id = ? AND thread_position = ?').get(
      post.threadId,
      post.threadPosition - 1,
    );
    return row ? rowToPost(row) : null;
  }

  /** Posts whose media include this session. */
  usingSession(sessionId: string): Post[] {
    return this.#statement('SELECT * FROM posts WHERE media_session_ids LIKE ?').all(`%"${sessionId}"%`).map(rowToPost);
  }

  transition(id: string, from: readonly PostState[], to: PostState, patch: PostPatch = {}): Post {
    return this.#transaction(() => {
      const current = this.require(id);
      if (!from.includes(current.state) || !canPostTransition(current.state, to)) {
        throw new IllegalPostTransition(id, current.state, to, from);
      }
      this.#update(id, patch, to);
      return this.require(id);
    });
  }

  update(id: string, patch: PostPatch, inStates?: readonly PostState[]): Post {
    return this.#transaction(() => {
      const current = this.require(id);
      if (inStates && !inStates.includes(current.state))
        throw new IllegalPostTransition(id, current.state, current.state, inStates);
      this.#update(id, patch);
      return this.require(id);
    });
  }

  /** Deletes a post (a thread's other posts stay). Returns false when it did not exist. */
  forget(id: string): boolean {
    return this.#statement('DELETE FROM posts WHERE id = ?').run(id).changes > 0;
  }

  #update(id: string, patch: PostPatch, state?: PostState): void {
    this.#statements.updateRow('posts', id, postPatchAssignments(patch), this.#now(), state);
  }

  #statement(sql: string) {
    return this.#statements.get(sql);
  }

  #transaction<T>(work: () => T): T {
    return this.#statements.transaction(work);
  }
}

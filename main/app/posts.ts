// Posts for the CLI, the app and the web harness: compose (files become sessions through the ordinary prepare;
// offline checks before anything is recorded as sendable), the queue's actions, and the scheduler wired to the
// upload engine, the account's own signed posts client and the data folder's sender lock.
import type { AccountRegistry } from '../core/accounts/registry.ts';
import type { Account } from '../common/account.ts';
import { fail } from '../common/errors.ts';
import type { Ledger } from '../core/ledger/ledger.ts';
import type { NewPost, Post } from '../core/ledger/post-types.ts';
import type { Session } from '../common/session.ts';
import type { MediaCategory } from '../common/media-types.ts';
import type { PostCheck } from '../core/posts/checks.ts';
import { PostScheduler, type PostEvents } from '../core/posts/scheduler.ts';
import type { PostsClient } from '../core/x-api/posts-client.ts';
import { CANCELLABLE_POST_STATES, RETRYABLE_POST_STATES } from '../common/posts.ts';
import type { Preferences } from './preferences.ts';
import type { PrepareItem } from '../core/sessions/prepare.ts';
import type { SendingEngine } from './sending-engine.ts';

export interface ComposeMedia {
  /** A file to prepare now, or a session already prepared for the same account. */
  path?: string;
  sessionId?: string;
  altText?: string | null;
}

export interface ComposeInput {
  accountId: string;
  /** One post, or a thread: each replies to the one before. */
  posts: { text: string; media: ComposeMedia[] }[];
  /** X post id the first post replies to. */
  replyTo?: string | null;
  /** ms since epoch (UTC); null or absent: as soon as possible. */
  scheduledAt?: number | null;
}

export interface ComposeResult {
  posts: Post[];
  /** One per post, in order. */
  checks: PostCheck[];
}

export interface PostsDeps {
  ledger: Ledger;
  accounts: AccountRegistry;
  engine: SendingEngine;
  preferences: Preferences;
  prepare(items: readonly PrepareItem[]): Promise<Session[]>;
  postsClientFor(account: Account): Promise<PostsClient>;
  events: PostEvents;
  now?: () => number;
  tickMs?: number;
  retryDelayMs?: number;
  maxRateLimitPauseMs?: number;
  expiryMarginMs?: number;
}

const CATEGORY_FOR_POST: Readonly<Record<string, MediaCategory>> = {
  'image/gif': 'tweet_gif',
  'video/mp4': 'tweet_video',
  'video/quicktime': 'tweet_video',
};

export class PostsService {
  readonly scheduler: PostScheduler;
  readonly #deps: PostsDeps;
  readonly #now: () => number;

  constructor(deps: PostsDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.scheduler = new PostScheduler({
      ledger: deps.ledger,
      accounts: deps.ledger,
      postsClientFor: deps.postsClientFor,
      uploads: deps.engine,
      reprepare: async (session) => {
        if (!session.accountId) fail('not_found', 'The media’s account was removed.');
        const [fresh] = await deps.prepare([
          {
            path: session.file,
            accountId: session.accountId,
            category: session.mediaCategory,
            altText: session.altText,
          },
        ]);
        if (!fresh) throw new Error('prepare returned no session');
        return fresh;
      },
      withSendingLock: (work) => deps.engine.withSendingLock(work),
      events: deps.events,
      now: this.#now,
      ...(deps.tickMs !== undefined && { tickMs: deps.tickMs }),
      ...(deps.retryDelayMs !== undefined && { retryDelayMs: deps.retryDelayMs }),
      ...(deps.expiryMarginMs !== undefined && { expiryMarginMs: deps.expiryMarginMs }),
      ...(deps.maxRateLimitPauseMs !== undefined && { maxRateLimitPauseMs: deps.maxRateLimitPauseMs }),
      missedPolicy: () => deps.preferences.get('missedPosts'),
      held: () => deps.engine.workingOffline,
    });
  }

  /**
   * Prepares the files, checks every post offline and, when all pass, records them (scheduled, or ready to go
   * now). When any check fails nothing is recorded except the prepared sessions, and the checks say why.
   */
  async compose(input: ComposeInput): Promise<ComposeResult> {
    const { ledger, accounts } = this.#deps;
    const account = accounts.get(input.accountId);
    if (input.posts.length === 0) fail('bad_request', 'Nothing to post: give at least one text or file.');
    if (input.scheduledAt != null && !Number.isFinite(input.scheduledAt))
      fail('bad_request', 'The time is not a time.');
    const mediaIds: string[][] = [];
    for (const entry of input.posts) {
      const ids: string[] = [];
      const files = entry.media.filter((media) => media.path !== undefined);
      const prepared = await this.#deps.prepare(
        files.map((media) => ({
          path: media.path as string,
          accountId: account.id,
          category: categoryFor(media.path as string),
          altText: media.altText ?? null,
        })),
      );
      let next = 0;
      for (const media of entry.media) {
        if (media.sessionId !== undefined) ids.push(media.sessionId);
        else ids.push(prepared[next++]?.id ?? '');
      }
      mediaIds.push(ids);
    }
    const sessions = new Map<string, Session>();
    for (const id of mediaIds.flat()) {
      const session = ledger.getSession(id);
      if (session) sessions.set(id, session);
    }
    const context = {
      account: ledger.getAccount(account.id) as Account,
      sessions,
      knownPosts: ledger.posts.list(),
      accounts: ledger.listAccounts(),
    };
    // Loaded here, not at start: the checks count text with twitter-text (and its core-js), which no
    // command but composing a post needs, and every command that opens the services would pay to load.
    const { checkPost } = await import('../core/posts/checks.ts');
    const checks = input.posts.map((entry, index) =>
      checkPost(context, {
        text: entry.text,
        mediaSessionIds: mediaIds[index] ?? [],
        replyTo: index === 0 ? (input.replyTo ?? null) : null,
      }),
    );
    // Within one thread the same text twice is a duplicate too.
    const texts = input.posts.map((entry) => entry.text.trim()).filter(Boolean);
    if (new Set(texts).size < texts.length)
      checks.forEach((check) =>
        check.problems.push('Two posts of this thread have the same text: X refuses duplicate content.'),
      );
    if (checks.some((check) => check.problems.length > 0)) return { posts: [], checks };
    const scheduledAt = input.scheduledAt ?? null;
    const drafts: NewPost[] = input.posts.map((entry, index) => ({
      state: scheduledAt !== null && scheduledAt > this.#now() ? 'scheduled' : 'ready',
      accountId: account.id,
      text: entry.text,
      mediaSessionIds: mediaIds[index] ?? [],
      replyTo: index === 0 ? (input.replyTo ?? null) : null,
      scheduledAt,
    }));
    const posts = ledger.posts.insert(drafts);
    for (const post of posts) this.#deps.events.onPostChanged(post.id);
    this.scheduler.kick();
    return { posts, checks };
  }

  list(query: Parameters<Ledger['posts']['list']>[0] = {}): Post[] {
    return this.#deps.ledger.posts.list(query);
  }

  get(id: string): Post {
    return this.#deps.ledger.posts.require(id);
  }

  cancel(id: string): Post {
    const post = this.#deps.ledger.posts.transition(id, CANCELLABLE_POST_STATES, 'cancelled', {
      awaitingChoice: false,
      notice: null,
    });
    this.#deps.events.onPostChanged(id);
    return post;
  }

  /** Failed or cancelled → ready (an attempt whose outcome was unknown is looked up first, as always). */
  retry(id: string): Post {
    const post = this.#deps.ledger.posts.transition(id, RETRYABLE_POST_STATES, 'ready', { error: null, notice: null });
    this.#deps.events.onPostChanged(id);
    this.scheduler.kick();
    return post;
  }

  /** Deletes the post from the ledger (never from X). A post whose outcome is unknown cannot be forgotten. */
  forget(id: string): boolean {
    const post = this.#deps.ledger.posts.get(id);
    if (!post) return false;
    if (post.state === 'posting')
      fail('bad_request', `Post ${id} is being sent; wait for its outcome before forgetting it.`);
    const forgotten = this.#deps.ledger.posts.forget(id);
    this.#deps.events.onPostChanged(id);
    return forgotten;
  }

  sendNow(id: string): Post {
    return this.scheduler.sendNow(id);
  }

  reschedule(id: string, at: number): Post {
    if (!Number.isFinite(at)) fail('bad_request', 'The time is not a time.');
    return this.scheduler.reschedule(id, at);
  }
}

function categoryFor(path: string): MediaCategory | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.gif')) return CATEGORY_FOR_POST['image/gif'];
  if (lower.endsWith('.mp4') || lower.endsWith('.m4v')) return CATEGORY_FOR_POST['video/mp4'];
  if (lower.endsWith('.mov')) return CATEGORY_FOR_POST['video/quicktime'];
  return undefined; // images: prepare picks tweet_image from the bytes
}

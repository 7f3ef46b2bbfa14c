// The posts scheduler: due posts go out while Xfer runs (the app, or `xfer run`), in thread order, one at a
// time per account, each exactly once (send-post.ts), with its media through the upload engine (media.ts).
// A post that fell due while Xfer was closed waits for the user's choice (post-choices.ts); when to try a
// post or an account again is post-pacing.ts.
import type { Account } from '../../common/account.ts';
import { isXferFailure, xferError, type XferError } from '../../common/errors.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Post } from '../ledger/post-types.ts';
import type { Session } from '../../common/session.ts';
import type { PostsClient } from '../x-api/posts-client.ts';
import { prepareMedia, type UploadPort } from './media.ts';
import { sendPost } from './send-post.ts';
import { markMissedPosts, readyNow, rescheduled, type MissedPolicy } from './post-choices.ts';
import { PostPacing, type PacingOptions } from './post-pacing.ts';
import { DEFAULT_MEDIA_LEAD_MS, isDue, mediaUploadDue } from './post-timing.ts';

export interface PostEvents {
  onPostChanged(postId: string): void;
  /** A post went out or failed for good: the app notifies. */
  onPostFinished?(post: Post): void;
}

export interface PostSchedulerOptions extends PacingOptions {
  ledger: Ledger;
  accounts: { getAccount(id: string): Account | null };
  /** Builds the signed posts client for an account (its own credentials); may verify the account first. */
  postsClientFor(account: Account): Promise<PostsClient>;
  uploads: UploadPort;
  reprepare(session: Session): Promise<Session>;
  /** Runs `work` holding the data folder's sender lock, or returns false when another process sends. */
  withSendingLock?(work: () => Promise<void>): Promise<boolean>;
  events: PostEvents;
  now?: () => number;
  /** How often due work is looked for (ms). */
  tickMs?: number;
  /** Media upload starts this long before a scheduled post (never a day: X keeps a media id ~24 h). */
  mediaLeadMs?: number;
  /** A media id with less life left than this at send time is uploaded again. */
  expiryMarginMs?: number;
  missedPolicy?: () => MissedPolicy;
  /** True while the user works offline: nothing is posted (or looked up) until it is lifted. */
  held?: () => boolean;
}

export class PostScheduler {
  readonly #options: PostSchedulerOptions;
  readonly #now: () => number;
  readonly #pacing: PostPacing;
  readonly #idleWaiters: (() => void)[] = [];
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #only: ReadonlySet<string> | null = null;
  readonly #life = new AbortController();

  constructor(options: PostSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#pacing = new PostPacing(options, this.#now);
  }

  /**
   * Marks scheduled posts that fell due while Xfer was closed (they wait for a choice, or go now if the
   * preference says so) and starts the clock.
   */
  start(): void {
    const { ledger, missedPolicy, events } = this.#options;
    markMissedPosts(ledger, missedPolicy, this.#now(), (id) => events.onPostChanged(id));
    this.#schedule(0);
  }

  /**
   * Works only on these posts (a CLI command sends what it was asked to); null: every due post.
   */
  restrictTo(ids: ReadonlySet<string> | null): void {
    this.#only = ids;
  }

  /** Something changed (a new post, a choice, an upload finished): look again now. */
  kick(): void {
    if (!this.#closed) this.#schedule(0);
  }

  /** "Send now" for a post waiting after it fell due while closed (or any scheduled post). */
  sendNow(id: string): Post {
    const post = readyNow(this.#options.ledger, id);
    this.#changed(id);
    return post;
  }

  reschedule(id: string, at: number): Post {
    const post = rescheduled(this.#options.ledger, id, at);
    this.#changed(id);
    return post;
  }

  /** Pending posts (not waiting for a choice, not scheduled later) that the scheduler still has to finish. */
  hasDueWork(): boolean {
    const now = this.#now();
    return this.#pending().some((post) => isDue(post, now));
  }

  /** Resolves once nothing is due or pending (scheduled-later and awaiting-choice posts do not count). */
  whenIdle(): Promise<void> {
    if (!this.hasDueWork() && this.#ticking === null) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#life.abort();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#ticking;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #changed(id: string): void {
    this.#options.events.onPostChanged(id);
    this.kick();
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#ticking = this.#tick().finally(() => {
        this.#ticking = null;
        const again = this.#again;
        this.#again = false;
        if (!this.hasDueWork()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
        this.#schedule(again ? 0 : (this.#options.tickMs ?? 1000));
      });
    }, ms);
  }

  async #tick(): Promise<void> {
    const work = async () => {
      for (const post of this.#pending()) {
        if (this.#closed) return;
        await this.#advance(post);
      }
    };
    if (this.#options.held?.()) return;
    if (!this.hasDueWork() && !this.#hasMediaToStart()) return;
    if (this.#options.withSendingLock) await this.#options.withSendingLock(work);
    else await work();
  }

  #pending(): Post[] {
    const pending = this.#options.ledger.posts.list({ state: ['scheduled', 'ready', 'uploading', 'posting'] });
    const only = this.#only;
    return only === null ? pending : pending.filter((post) => only.has(post.id));
  }

  /** Pending posts, scheduled later ones included (not those waiting for a choice). */
  hasPending(): boolean {
    return this.#pending().some((post) => !post.awaitingChoice);
  }

  #hasMediaToStart(): boolean {
    const now = this.#now();
    return this.#pending().some((post) => mediaUploadDue(post, now, this.#mediaLeadMs()));
  }

  async #advance(post: Post): Promise<void> {
    const { ledger } = this.#options;
    const now = this.#now();
    const account = post.accountId === null ? null : this.#options.accounts.getAccount(post.accountId);
    if (!account) {
      if (post.state !== 'posting') this.#fail(post, xferError('not_found', 'The post’s account was removed.'));
      return;
    }
    if (post.state === 'scheduled') {
      if (post.awaitingChoice || post.scheduledAt === null) return;
      if (post.scheduledAt > now) {
        // Upload ahead of time, never so early that the media id could expire before the post goes out.
        if (mediaUploadDue(post, now, this.#mediaLeadMs()))
          await prepareMedia(this.#mediaContext(), post, post.scheduledAt + this.#margin());
        return;
      }
      post = ledger.posts.transition(post.id, ['scheduled'], 'ready', { notice: null });
      this.#options.events.onPostChanged(post.id);
    }
    if (!this.#pacing.mayTry(account.id, post.id, now)) return;
    const previous = ledger.posts.previousInThread(post);
    if (previous && previous.state !== 'posted') {
      if (previous.state === 'failed' || previous.state === 'cancelled')
        this.#fail(
          post,
          xferError('validation', `The post before it in the thread is ${previous.state}; the thread stops there.`),
        );
      return;
    }
    const inReplyTo = previous ? previous.postId : post.replyTo;
    let mediaIds: string[] = [];
    if (post.state !== 'posting' && post.mediaSessionIds.length > 0) {
      const media = await prepareMedia(this.#mediaContext(), post, now + this.#margin());
      if (media.kind === 'failed') return this.#fail(post, media.error);
      if (media.kind === 'waiting') {
        if (post.state === 'ready') {
          ledger.posts.transition(post.id, ['ready'], 'uploading', { notice: null });
          this.#options.events.onPostChanged(post.id);
        }
        return;
      }
      mediaIds = media.mediaIds;
    } else if (post.mediaSessionIds.length > 0) {
      // An attempt is pending: the media ids sent then are the sessions' current ones.
      mediaIds = post.mediaSessionIds.map((id) => ledger.getSession(id)?.mediaId ?? '').filter(Boolean);
    }
    await this.#send(account, post, { mediaIds, inReplyTo });
  }

  async #send(account: Account, post: Post, request: { mediaIds: string[]; inReplyTo: string | null }): Promise<void> {
    let client: PostsClient;
    try {
      client = await this.#options.postsClientFor(account);
    } catch (thrown) {
      if (!isXferFailure(thrown)) throw thrown;
      if (thrown.error.retryable) return this.#pacing.backOff(post.id);
      return this.#fail(post, thrown.error);
    }
    const userId = this.#options.accounts.getAccount(account.id)?.userId ?? account.userId;
    if (!userId) return this.#pacing.backOff(post.id);
    const outcome = await sendPost(
      { ledger: this.#options.ledger, client, userId, now: this.#now, signal: this.#life.signal },
      post.id,
      request,
    );
    this.#options.events.onPostChanged(post.id);
    switch (outcome.kind) {
      case 'posted':
      case 'refused':
        this.#pacing.settled(post.id);
        this.#options.events.onPostFinished?.(outcome.post);
        return;
      case 'unknown':
        return this.#pacing.backOff(post.id);
      case 'not_sent':
        if (outcome.error.kind === 'rate_limited') this.#pacing.pausePosts(account.id, outcome.error.until);
        return;
    }
  }

  #fail(post: Post, error: XferError): void {
    const failed = this.#options.ledger.posts.transition(post.id, [post.state], 'failed', { error, notice: null });
    this.#options.events.onPostChanged(post.id);
    this.#options.events.onPostFinished?.(failed);
  }

  #mediaLeadMs(): number {
    return this.#options.mediaLeadMs ?? DEFAULT_MEDIA_LEAD_MS;
  }

  #margin(): number {
    return this.#options.expiryMarginMs ?? 5 * 60 * 1000;
  }

  #mediaContext() {
    return {
      ledger: this.#options.ledger,
      uploads: this.#options.uploads,
      reprepare: this.#options.reprepare,
      now: this.#now,
    };
  }
}

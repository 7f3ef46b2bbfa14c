// The Posts screen's state: the composer (one post or a thread of one account, its files and alt text, now or
// at a time), the live weighted count and cost estimate from the shared rules, and the queue as main reports it.
import { estimateCost, measureText, type TextMeasure } from '../../../main/common/post-text.ts';
import { POST_PRICES, mediaMixProblem, type PostCheck, type PostMediaKind } from '../../../main/common/posts.ts';
import type { XferError } from '../../../main/common/errors.ts';
import type { AccountView, FileView, PostView } from '../../../main/ipc/contract.ts';
import type { XferApi } from '../api.ts';
import { localInputToMs, msToLocalInput } from '../lib/local-time.ts';

export { localInputToMs, msToLocalInput };

export class DraftMedia {
  readonly file: FileView;
  altText = $state('');
  constructor(file: FileView) {
    this.file = file;
  }
}

/**
 * The media-mix rule, live, from what each file's preview is; main checks the bytes again before recording.
 * A file whose kind the page does not know yet counts as an image (so only the count is checked).
 */
function mixProblemOf(media: readonly DraftMedia[]): string | null {
  const kinds = media.map(({ file }): PostMediaKind =>
    file.previewKind === 'video' || file.previewKind === 'gif' ? file.previewKind : 'image',
  );
  return mediaMixProblem(kinds);
}

export class DraftPost {
  text = $state('');
  media = $state.raw<DraftMedia[]>([]);
}

export class PostsState {
  readonly #api: XferApi;
  readonly #accounts: () => readonly AccountView[];
  list = $state.raw<PostView[]>([]);
  loaded = $state(false);
  error = $state.raw<XferError | null>(null);
  busy = $state(false);
  notice = $state<string | null>(null);
  /** The last compose's checks, one per post (problems stop it; warnings are shown). */
  checks = $state.raw<PostCheck[]>([]);

  accountId = $state<string | null>(null);
  entries = $state.raw<DraftPost[]>([new DraftPost()]);
  when = $state<'now' | 'at'>('now');
  at = $state(msToLocalInput(Date.now() + 60 * 60 * 1000));
  /** Live bytes of media in flight, by session id (from main's progress events). */
  progress = $state.raw<Record<string, { sent: number; total: number; processing: number | null }>>({});

  constructor(api: XferApi, accounts: () => readonly AccountView[]) {
    this.#api = api;
    this.#accounts = accounts;
  }

  account = $derived.by(() => {
    const accounts = this.#accounts();
    return accounts.find((candidate) => candidate.id === this.accountId) ?? accounts[0] ?? null;
  });
  measures: TextMeasure[] = $derived(
    this.entries.map((entry) => measureText(entry.text, this.account?.tier ?? 'standard')),
  );
  cost = $derived(
    estimateCost(
      this.entries.map((entry) => ({
        text: entry.text,
        altTexts: entry.media.filter((media) => media.altText.trim() !== '').length,
      })),
    ),
  );
  /** Text or files in the composer, not yet queued: only this window holds them. */
  hasDraft = $derived(this.entries.some((entry) => entry.text.trim() !== '' || entry.media.length > 0));
  hasUrl = $derived(this.measures.some((measure) => measure.urls.length > 0));
  prices = POST_PRICES;
  scheduledAt = $derived(this.when === 'at' ? localInputToMs(this.at) : null);
  /** What stops the Post button before main is even asked. */
  inputProblems = $derived(this.#inputProblems());

  start(): () => void {
    void this.refresh();
    const stops = [
      this.#api.onPostChanged((post) => {
        const known = this.list.some((candidate) => candidate.id === post.id);
        this.list = known
          ? this.list.map((candidate) => (candidate.id === post.id ? post : candidate))
          : [...this.list, post];
      }),
      this.#api.onPostRemoved(({ id }) => (this.list = this.list.filter((post) => post.id !== id))),
      this.#api.onProgress((events) => {
        const next = { ...this.progress };
        for (const event of events)
          next[event.sessionId] = {
            sent: event.bytesSent,
            total: event.totalBytes,
            processing: event.processingPercent,
          };
        this.progress = next;
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async refresh(): Promise<void> {
    const result = await this.#api.posts.list();
    this.loaded = true;
    if (result.ok) this.list = result.value;
    else this.error = result.error;
  }

  addPost(): void {
    this.entries = [...this.entries, new DraftPost()];
  }

  removePost(entry: DraftPost): void {
    if (this.entries.length > 1) this.entries = this.entries.filter((candidate) => candidate !== entry);
  }

  async attach(entry: DraftPost): Promise<void> {
    const result = await this.#api.files.pick();
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    const known = entry.media.map((media) => media.file.fileId);
    entry.media = [
      ...entry.media,
      ...result.value.filter((file) => !known.includes(file.fileId)).map((file) => new DraftMedia(file)),
    ];
  }

  detach(entry: DraftPost, media: DraftMedia): void {
    entry.media = entry.media.filter((candidate) => candidate !== media);
  }

  async submit(): Promise<boolean> {
    if (this.inputProblems.length > 0 || !this.account) return false;
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const result = await this.#api.posts.compose({
        accountId: this.account.id,
        scheduledAt: this.scheduledAt,
        posts: this.entries.map((entry) => ({
          text: entry.text,
          media: entry.media.map((media) => ({
            fileId: media.file.fileId,
            ...(media.altText.trim() ? { altText: media.altText.trim() } : {}),
          })),
        })),
      });
      if (!result.ok) {
        this.error = result.error;
        return false;
      }
      this.checks = result.value.checks;
      if (result.value.posts.length === 0) return false;
      const known = this.list.map((post) => post.id);
      this.list = [...this.list, ...result.value.posts.filter((post) => !known.includes(post.id))];
      const count = result.value.posts.length;
      this.notice =
        (count === 1 ? 'Post' : `Thread of ${count}`) +
        (this.scheduledAt === null ? ' queued: it goes out now.' : ' scheduled.');
      this.entries = [new DraftPost()];
      return true;
    } finally {
      this.busy = false;
    }
  }

  async act(kind: 'cancel' | 'retry' | 'sendNow' | 'forget' | 'open', id: string): Promise<void> {
    const result = await this.#api.posts[kind]({ id });
    if (!result.ok) this.error = result.error;
  }

  async reschedule(id: string, local: string): Promise<void> {
    const at = localInputToMs(local);
    if (at === null) return;
    const result = await this.#api.posts.reschedule({ id, scheduledAt: at });
    if (!result.ok) this.error = result.error;
  }

  #inputProblems(): string[] {
    const problems: string[] = [];
    if (!this.account) problems.push('Add an account first.');
    this.entries.forEach((entry, index) => {
      const which = this.entries.length > 1 ? `Post ${index + 1}: ` : '';
      if (entry.text.trim() === '' && entry.media.length === 0)
        problems.push(`${which}write something or attach a file.`);
      const measure = this.measures[index];
      if (measure?.over) problems.push(`${which}${measure.weighted} of ${measure.limit} weighted characters.`);
      const mix = mixProblemOf(entry.media);
      if (mix) problems.push(`${which}${mix}`);
    });
    if (this.when === 'at') {
      if (this.scheduledAt === null) problems.push('Pick a date and time.');
      else if (this.scheduledAt <= Date.now()) problems.push('The time is in the past.');
    }
    return problems;
  }
}

// The files on the Prepare screen: each with its chosen category, account, owners and alt text,
// and main's validation of that choice. A change of category or account asks main again.
import type { XferError } from '../../../main/common/errors.ts';
import { rulesFor } from '../../../main/core/media/rules.ts';
import type { MediaCategory } from '../../../main/common/media-types.ts';
import type {
  AccountView,
  DroppedItem,
  FileCheck,
  FileView,
  FolderView,
  SessionView,
  StagingProgress,
} from '../../../main/ipc/contract.ts';
import type { XferApi } from '../api.ts';
import { UndoQueue } from './undo.svelte.ts';
import { ALT_TEXT_MAX, OWNERS_MAX, X_ID_PATTERN, altTextLength } from '../../../main/common/limits.ts';

/** Splits typed owners on commas, spaces and new lines; says which entries are not user ids. */
export function parseTypedOwners(text: string): { ids: string[]; invalid: string[] } {
  const entries = text.split(/[\s,]+/).filter((entry) => entry.length > 0);
  return {
    ids: entries.filter((entry) => X_ID_PATTERN.test(entry)),
    invalid: entries.filter((entry) => !X_ID_PATTERN.test(entry)),
  };
}

export class PrepareItem {
  readonly file: FileView;
  category = $state<MediaCategory | null>(null);
  accountId = $state<string | null>(null);
  /** More accounts to prepare the same file for: one session each (a conversion of the file is shared). */
  alsoAccountIds = $state<string[]>([]);
  /** Ids of the user's other accounts chosen as additional owners. */
  ownerAccountIds = $state<string[]>([]);
  typedOwners = $state('');
  altText = $state('');
  check = $state.raw<FileCheck | null>(null);
  checking = $state(false);
  error = $state.raw<XferError | null>(null);

  typed = $derived(parseTypedOwners(this.typedOwners));
  altTextLength = $derived(altTextLength(this.altText));
  altTextTooLong = $derived(this.altTextLength > ALT_TEXT_MAX);
  /** X takes alt text for images and GIFs only (the pure rules table says which categories). */
  altTextAllowed = $derived(this.category === null || rulesFor(this.category).altText.value.allowed);
  validation = $derived(this.check?.validation ?? null);
  /** Whether this item may be prepared: checked, owners and alt text well-formed, an account chosen. */
  inputProblems = $derived(this.#inputProblems());

  constructor(file: FileView) {
    this.file = file;
  }

  owners(accounts: readonly AccountView[]): string[] {
    const fromAccounts = this.ownerAccountIds
      .map((id) => accounts.find((account) => account.id === id))
      .filter((account): account is AccountView => account !== undefined && account.id !== this.accountId)
      .map((account) => account.userId ?? account.id);
    const all = [...fromAccounts, ...this.typed.ids];
    return all.filter((owner, index) => all.indexOf(owner) === index);
  }

  #inputProblems(): string[] {
    const problems: string[] = [];
    if (this.accountId === null) problems.push('Choose an account.');
    if (this.typed.invalid.length > 0) problems.push(`Not user ids (digits only): ${this.typed.invalid.join(', ')}`);
    if (this.ownerAccountIds.length + this.typed.ids.length > OWNERS_MAX)
      problems.push(`At most ${OWNERS_MAX} additional owners.`);
    if (this.altTextTooLong) problems.push(`Alt text is ${this.altTextLength} characters; at most ${ALT_TEXT_MAX}.`);
    if (!this.altTextAllowed && this.altText.trim())
      problems.push(`Alt text applies to images and GIFs only; ${this.category} takes none.`);
    return problems;
  }
}

/** What Prepare / Send now would do with the listed files, counted before the click. */
export interface PrepareOutcome {
  /** Checked and within X's limits: prepared and, with Send now, sent. */
  willSend: number;
  /** Checked, but X would refuse them as they are: prepared as drafts to fix, never sent. */
  drafts: number;
  /** Still to be chosen or corrected here (an account, owners, alt text): they stay on this screen. */
  needAttention: number;
  /** Still being read or checked: they stay until the check is back. */
  checking: number;
}

export function outcomeOf(items: readonly PrepareItem[]): PrepareOutcome {
  const outcome: PrepareOutcome = { willSend: 0, drafts: 0, needAttention: 0, checking: 0 };
  for (const item of items) {
    if (item.checking) outcome.checking += 1;
    else if (item.validation === null || item.inputProblems.length > 0 || item.category === null)
      outcome.needAttention += 1;
    else if (item.validation.ok) outcome.willSend += 1;
    else outcome.drafts += 1;
  }
  return outcome;
}

export class PrepareState {
  items = $state.raw<PrepareItem[]>([]);
  outcome = $derived(outcomeOf(this.items));
  /** The window's one undo toast (Clear offers it); none in tests that do not need it. */
  readonly #undo: UndoQueue;
  busy = $state(false);
  /** "Send now" (the button and Mod+Enter) has something to send. */
  canSend = $derived(!this.busy && this.outcome.willSend > 0);
  error = $state.raw<XferError | null>(null);
  /** What the last Prepare / Send now did, in plain words. */
  notice = $state<string | null>(null);
  #api: XferApi;
  #defaultAccount: () => string | null;

  constructor(api: XferApi, defaultAccount: () => string | null, options: { undo?: UndoQueue } = {}) {
    this.#api = api;
    this.#defaultAccount = defaultAccount;
    this.#undo = options.undo ?? new UndoQueue();
  }

  /** Web mode: files whose bytes are still being copied into Xfer (big files take a while). */
  staging = $state.raw<StagingProgress[]>([]);

  /** Subscribes to main's staging progress; returns the unsubscribe. */
  start(): () => void {
    return this.#api.onFileStaging((progress) => {
      const others = this.staging.filter((entry) => entry.stagedId !== progress.stagedId);
      this.staging = progress.done ? others : [...others, progress];
    });
  }

  async pick(): Promise<void> {
    const result = await this.#api.files.pick();
    this.staging = [];
    this.folders = [];
    if (result.ok) await this.#add(result.value);
    else this.error = result.error;
  }

  /**
   * Dropped files and folders go to main as they are: the preload turns each into its path (web mode:
   * its bytes, a folder walked in the page); main expands folders and says what each gave.
   */
  async addDropped(items: DroppedItem[]): Promise<void> {
    if (items.length === 0) return;
    const result = await this.#api.files.addDropped(items);
    this.staging = [];
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.folders = result.value.folders;
    await this.#add(result.value.files);
  }

  /** Images pasted from the clipboard: their bytes go to main, which keeps a copy and lists it like any file. */
  async addPasted(images: File[]): Promise<void> {
    if (images.length === 0) return;
    const result = await this.#api.files.addPasted(images);
    this.staging = [];
    if (result.ok) await this.#add(result.value);
    else this.error = result.error;
  }

  /** What the last dropped folders gave: a count each, and the files left out because they are not media. */
  folders = $state.raw<FolderView[]>([]);

  remove(item: PrepareItem): void {
    this.items = this.items.filter((candidate) => candidate !== item);
  }

  /** Takes every file off the list; the window's toast offers Undo for a few seconds (nothing was sent or saved). */
  clear(): void {
    const cleared = this.items;
    if (cleared.length === 0) return;
    this.items = [];
    this.#undo.offer({
      message: `Cleared ${cleared.length} file${cleared.length === 1 ? '' : 's'}.`,
      commit: () => undefined, // nothing to tell main: the files were only listed here
      undo: () => {
        const listed = this.items.map((item) => item.file.fileId);
        this.items = [...cleared.filter((item) => !listed.includes(item.file.fileId)), ...this.items];
      },
    });
  }

  async setCategory(item: PrepareItem, category: MediaCategory): Promise<void> {
    item.category = category;
    await this.check(item);
  }

  async setAccount(item: PrepareItem, accountId: string): Promise<void> {
    item.accountId = accountId;
    item.ownerAccountIds = item.ownerAccountIds.filter((id) => id !== accountId);
    item.alsoAccountIds = item.alsoAccountIds.filter((id) => id !== accountId);
    await this.check(item);
  }

  /** Asks main to validate the file for the item's category and account (the tier comes from the account). */
  async check(item: PrepareItem): Promise<void> {
    item.checking = true;
    const result = await this.#api.files.check({
      fileId: item.file.fileId,
      ...(item.category ? { category: item.category } : {}),
      ...(item.accountId ? { accountId: item.accountId } : {}),
    });
    item.checking = false;
    if (!result.ok) {
      item.error = result.error;
      return;
    }
    item.error = null;
    item.check = result.value;
    // The first check chooses the category main inferred from the bytes.
    item.category ??= result.value.validation.category;
  }

  /** Saves every ready-to-go item as a session; returns the sessions main made (drafts included). */
  async prepare(accounts: readonly AccountView[]): Promise<SessionView[] | null> {
    const items = this.items.filter((item) => item.inputProblems.length === 0 && item.category !== null);
    if (items.length === 0) {
      this.notice = 'Nothing to prepare: every file still needs attention.';
      return null;
    }
    this.busy = true;
    this.error = null;
    try {
      const result = await this.#api.sessions.prepare({
        items: items.flatMap((item) =>
          [item.accountId!, ...item.alsoAccountIds.filter((id) => id !== item.accountId)].map((accountId) => ({
            fileId: item.file.fileId,
            accountId,
            category: item.category!,
            owners: item.owners(accounts).filter((owner) => owner !== accountId),
            ...(item.altText.trim() ? { altText: item.altText.trim() } : {}),
          })),
        ),
      });
      if (!result.ok) {
        this.error = result.error;
        return null;
      }
      this.items = this.items.filter((item) => !items.includes(item));
      const drafts = result.value.filter((session) => session.state === 'draft').length;
      this.notice =
        `Prepared ${result.value.length} session${result.value.length === 1 ? '' : 's'}` +
        (drafts ? ` (${drafts} kept as draft until fixed).` : '.');
      return result.value;
    } finally {
      this.busy = false;
    }
  }

  async #add(files: FileView[]): Promise<void> {
    const listed = this.items.map((item) => item.file.fileId);
    const already = files.filter((file) => listed.includes(file.fileId)).map((file) => file.name);
    // Said, not silently dropped: the user may think the second add did nothing.
    this.notice =
      already.length > 0
        ? `Already listed: ${already.filter((name, index) => already.indexOf(name) === index).join(', ')}`
        : this.notice;
    // One item per file id: the same path twice in one pick (or one already listed) is added once.
    // A repeated key used to break the keyed list (each_key_duplicate) and every later add with it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never rendered
    const known = new Set(listed);
    const added: PrepareItem[] = [];
    for (const file of files) {
      if (known.has(file.fileId)) continue;
      known.add(file.fileId);
      added.push(new PrepareItem(file));
    }
    for (const item of added) item.accountId = this.#defaultAccount();
    this.items = [...this.items, ...added];
    this.error = null;
    await Promise.all(added.map((item) => this.check(item)));
  }
}

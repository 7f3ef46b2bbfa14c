// The IPC contract: the only place channels and events exist.
// For each channel: the type main answers with (here, its shape in views.ts) and the zod schema of
// what the renderer may send (schemas.ts, main only: main parses every payload with it). This file
// imports no values from zod, so the preload and the renderer can import it without bundling zod.
// Handlers resolve to `Result<T>` on the wire: `{ok:true,value}` or `{ok:false,error}` for
// expected failures; they reject only on bugs.
import type { z } from 'zod';
import type { Result } from '../common/errors.ts';
import type { ProgressEvent, QueueStatus } from '../common/progress.ts';
import type { RequestRecord } from '../common/request-history.ts';
import type { requestSchemas } from './schemas.ts';
import type {
  AccountView,
  AddedFiles,
  AppInfo,
  ComposeAnswer,
  ConversionView,
  FileCheck,
  FileView,
  FitPlanView,
  NavigateTarget,
  OAuth2SignInStart,
  PinLoginStart,
  PostView,
  PreferencesView,
  SessionView,
  StagingProgress,
} from './views.ts';

/** The views are part of the contract: whoever speaks it imports them from here. */
export type * from './views.ts';

// ---- channels: what main answers -----------------------------------------------------------

/**
 * Every channel, once, with the type main answers with (the `{}` values only carry the type).
 * What the renderer may send on each lives under the same name in schemas.ts (main only); the
 * type check below keeps both maps to the same channels.
 */
export const channels = {
  'app:info': {} as AppInfo,
  'queue:status': {} as QueueStatus,
  /** Whether the short first-run explanation is still to be shown (it is, until dismissed once). */
  'app:firstRun': {} as { show: boolean },
  'app:dismissFirstRun': {} as { dismissed: true },
  /** Main opens one of its known outside pages (main/common/links.ts) in the browser, by name. */
  'app:openLink': {} as { opened: true },
  /** Offline: probe the API at once instead of at the next scheduled look. */
  'queue:tryAgainNow': {} as QueueStatus,
  /** Holds all sending (uploads and posts) and probing, or lifts the hold; kept as the workOffline preference. */
  'queue:setWorkOffline': {} as QueueStatus,

  /** Main opens the OS file dialog; the renderer gets opaque file ids. */
  'files:pick': [] as FileView[],
  /** Paths come from the preload (webUtils.getPathForFile on dropped File objects), never typed by the page. */
  'files:addDropped': {} as AddedFiles,
  /**
   * Web mode: a browser has no file paths, so the page streams each picked or dropped file's bytes
   * into a staging folder in the data dir (POST /__upload__) and adds the copies by their opaque ids.
   */
  'files:addStaged': {} as AddedFiles,
  /**
   * A pasted image has no file: the page hands over its bytes. Desktop: the preload sends them here;
   * web mode stages them like any dropped file (files:addStaged) and refuses this channel.
   */
  'files:addPasted': [] as FileView[],
  'files:check': {} as FileCheck,

  'sessions:list': [] as SessionView[],
  'sessions:prepare': [] as SessionView[],
  'sessions:send': {} as { queued: number },
  'sessions:cancel': {} as SessionView,
  /** Stops sending and keeps what X acknowledged: the session goes back to ready and resumes on the next send. */
  'sessions:pause': {} as SessionView,
  'sessions:retry': {} as SessionView,
  'sessions:forget': {} as { forgotten: true },
  'sessions:reassign': {} as SessionView,
  /** Main writes the media id to the clipboard (and returns it for display). */
  'sessions:copyMediaId': {} as { mediaId: string },
  /** The session's recent requests to X and X's answers, oldest first (the detail view). */
  'sessions:history': [] as RequestRecord[],
  /** Category, alt text or owners changed, and the file checked again: a draft can become ready (and back). */
  'sessions:update': {} as SessionView,
  /** What "Make it fit X" would change, or why it cannot. */
  'sessions:fitPlan': {} as FitPlanView,
  /** Converts a draft's file into the data folder and re-checks it; progress arrives as `conversion` events. */
  'sessions:fit': {} as SessionView,
  'sessions:cancelFit': {} as { cancelled: boolean },

  'accounts:list': [] as AccountView[],
  'accounts:addWithTokens': {} as AccountView,
  /** Main asks X for a request token and opens the authorize page in the user's browser. */
  'accounts:startPinLogin': {} as PinLoginStart,
  'accounts:finishPinLogin': {} as AccountView,
  /**
   * OAuth 2.0: main listens on the loopback redirect and opens X's authorize page in the system browser.
   * `redirectUri` is what the app must register in X's developer portal, exactly.
   */
  'accounts:startOAuth2SignIn': {} as OAuth2SignInStart,
  /** The same for an OAuth 2.0 account marked "sign in again": its tokens are replaced, its sessions stay. */
  'accounts:startOAuth2SignInAgain': {} as OAuth2SignInStart,
  /** Waits for the browser (or a pasted redirect address) and resolves with the added, verified account. */
  'accounts:finishOAuth2SignIn': {} as AccountView,
  /** The address the browser ended on, when it could not reach this machine's loopback. */
  'accounts:pasteOAuth2Redirect': {} as { accepted: true },
  'accounts:cancelOAuth2SignIn': {} as { cancelled: true },
  'accounts:verify': {} as AccountView,
  /** Standard or X Premium: the limits every check uses. */
  'accounts:setTier': {} as AccountView,
  /** A new name (the user's label) and/or tier; drafts and ready sessions are checked again under a new tier. */
  'accounts:edit': {} as AccountView,
  /** One step: an account for the running sandbox's next demo user (the built-in one first, if it was removed). */
  'accounts:addSandboxUser': {} as AccountView,
  'accounts:remove': {} as { removed: true },

  'posts:list': [] as PostView[],
  /** Prepares the attached files (as sessions), checks every post offline, records them when all pass. */
  'posts:compose': {} as ComposeAnswer,
  'posts:cancel': {} as PostView,
  'posts:retry': {} as PostView,
  /** A post that fell due while Xfer was closed (or any scheduled one): send it now. */
  'posts:sendNow': {} as PostView,
  'posts:reschedule': {} as PostView,
  'posts:forget': {} as { forgotten: true },
  /** Main opens the posted post on x.com in the browser (the page never hands main a URL). */
  'posts:open': {} as { opened: true },

  'preferences:get': {} as PreferencesView,
  /** Any subset of the preferences, each checked by its rule (all kept, or none); answers with them all. */
  'preferences:set': {} as PreferencesView,
} as const;

/** Events main pushes. Payloads only: never the IPC event object. */
export interface Events {
  /** Throttled at the source: at most 4 per second per session, plus a final one. */
  progress: ProgressEvent[];
  sessionChanged: SessionView;
  sessionRemoved: { id: string };
  status: QueueStatus;
  accountsChanged: AccountView[];
  batchFinished: { succeeded: number; failed: number };
  /** Web mode: a picked or dropped file's bytes arriving in the staging folder (at most 4 a second, plus the last). */
  fileStaging: StagingProgress;
  /** Throttled at the source: at most 4 per second per conversion, plus a final one. */
  conversion: ConversionView;
  postChanged: PostView;
  postRemoved: { id: string };
  /** Desktop: a notification was clicked; the window is shown and should open this. */
  navigate: NavigateTarget;
}

export const EVENT_NAMES = [
  'progress',
  'sessionChanged',
  'sessionRemoved',
  'status',
  'accountsChanged',
  'batchFinished',
  'fileStaging',
  'conversion',
  'postChanged',
  'postRemoved',
  'navigate',
] as const satisfies readonly (keyof Events)[];

// ---- derived types ------------------------------------------------------------------------

type Channels = typeof channels;
export type Channel = keyof Channels;
export const CHANNEL_NAMES = Object.keys(channels) as Channel[];
type Schemas = typeof requestSchemas;
/** Fails to compile when a channel has no schema or a schema has no channel. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type _EveryChannelHasASchema = AssertTrue<SameKeys<keyof Schemas, Channel>>;
/** What the page sends: the schema's input. */
export type RequestOf<C extends Channel> = z.input<Schemas[C]>;
/** What a handler receives: the schema's output (defaults applied). */
export type ParsedRequestOf<C extends Channel> = z.output<Schemas[C]>;
export type ResponseOf<C extends Channel> = Channels[C];

/** Main's side: one function per channel. Throw XferFailure for expected failures. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

type AreaOf<C extends string> = C extends `${infer A}:${string}` ? A : never;
type VerbOf<C extends string, A extends string> = C extends `${A}:${infer V}` ? V : never;
/**
 * One dropped thing as the page saw it. `entry` is the DOM's FileSystemEntry (Node's types have none):
 * web mode walks a dropped folder with it, the desktop's preload needs only the File for its path.
 */
export interface DroppedItem {
  file: File;
  entry: unknown;
}
/** Where the page passes something other than the request, and the preload builds the request from it. */
interface PageArguments {
  'files:addDropped': readonly DroppedItem[];
  'files:addPasted': readonly File[];
}
type Call<C extends Channel> = C extends keyof PageArguments
  ? (argument: PageArguments[C]) => Promise<Result<ResponseOf<C>>>
  : undefined extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
type Subscribe<E extends keyof Events> = (listener: (payload: Events[E]) => void) => () => void;

/** `window.xfer`: `xfer.sessions.send({ids})`, `xfer.onProgress(cb) → unsubscribe`. */
export type XferApi = {
  [A in AreaOf<Channel>]: { [C in Channel as VerbOf<C, A>]: Call<C> };
} & {
  [E in keyof Events as `on${Capitalize<E>}`]: Subscribe<E>;
};

export function splitChannel(channel: Channel): [area: string, verb: string] {
  const [area, verb] = channel.split(':');
  return [area!, verb!];
}

export function eventMethodName(event: keyof Events): string {
  return `on${event[0]!.toUpperCase()}${event.slice(1)}`;
}

/** The IPC channel an event travels on (Electron); the harness uses the event name itself. */
export function eventChannel(event: keyof Events): string {
  return `event:${event}`;
}

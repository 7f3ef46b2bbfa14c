// The IPC contract: the only place channels and events exist.
// For each channel: the zod schema of what the renderer may send (main parses every payload
// with it) and the type main answers with. Handlers resolve to `Result<T>` on the wire:
// `{ok:true,value}` or `{ok:false,error}` for expected failures; they reject only on bugs.
// The renderer never receives a secret: no view type below has a field that could hold one.
import { z } from 'zod';
import type { Result } from '../core/errors.ts';
import type { Account } from '../core/accounts/types.ts';
import type { ProgressEvent, QueueStatus } from '../core/engine/types.ts';
import type { Session } from '../core/ledger/types.ts';
import { SESSION_STATES } from '../core/ledger/types.ts';
import type { ValidationResult } from '../core/media/types.ts';
import { MEDIA_CATEGORIES, TIERS } from '../core/media/types.ts';

// ---- views: what main sends ------------------------------------------------------------

export type AccountView = Account;

export interface FileView {
  /** Opaque: the renderer never holds a path it could hand back. */
  fileId: string;
  name: string;
  size: number;
  /** Where the renderer may load a preview (image frame or video poster), or null. */
  previewUrl: string | null;
}

export interface FileCheck {
  file: FileView;
  validation: ValidationResult;
}

export interface SessionView extends Omit<Session, 'fingerprint' | 'file'> {
  fileName: string;
  /** The full path, for display only (the renderer cannot send it back anywhere). */
  filePath: string;
  accountName: string | null;
}

export interface AppInfo {
  version: string;
  platform: string;
  dataDir: string;
  /** The embedded sandbox's origin, when it runs. */
  sandboxUrl: string | null;
  keychain: { ok: boolean; message: string | null };
}

export interface PinLoginStart {
  loginId: string;
  /** Shown so the user can open it by hand if the browser did not open. */
  authorizeUrl: string;
}

// ---- request schemas: what the renderer may send -----------------------------------------

const id = z.string().min(1).max(200);
const noPayload = z.undefined();
const category = z.enum(MEDIA_CATEGORIES);
const tier = z.enum(TIERS);
const api = z.enum(['v2', 'v1.1']);
const origin = z.url({ protocol: /^https?$/ }).max(500);
const accountName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.@-]+$/, 'use letters, digits, and . _ @ - only');
const credential = z.string().trim().min(1).max(500);
/** An own account's id or an X user id (digits, as X's schema says). */
const owner = z.string().regex(/^[\w.@:-]{1,200}$/);

export const ALT_TEXT_MAX = 1000;
export const OWNERS_MAX = 100;

const appConnection = z.strictObject({
  name: accountName,
  consumerKey: credential,
  consumerSecret: credential,
  api: api.default('v2'),
  apiBase: origin.optional(),
  uploadBase: origin.optional(),
  tier: tier.default('standard'),
});

export const channels = {
  'app:info': { request: noPayload, response: {} as AppInfo },
  'queue:status': { request: noPayload, response: {} as QueueStatus },

  /** Main opens the OS file dialog; the renderer gets opaque file ids. */
  'files:pick': { request: noPayload, response: [] as FileView[] },
  /** Paths come from the preload (webUtils.getPathForFile on dropped File objects), never typed by the page. */
  'files:addDropped': {
    request: z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
    response: [] as FileView[],
  },
  'files:check': {
    request: z.strictObject({
      fileId: id,
      category: category.optional(),
      accountId: id.optional(),
      altText: z.string().max(10_000).optional(),
    }),
    response: {} as FileCheck,
  },

  'sessions:list': {
    request: z.strictObject({ state: z.enum(SESSION_STATES).optional(), accountId: id.optional() }).optional(),
    response: [] as SessionView[],
  },
  'sessions:prepare': {
    request: z.strictObject({
      items: z
        .array(
          z.strictObject({
            fileId: id,
            accountId: id,
            category,
            owners: z.array(owner).max(OWNERS_MAX).default([]),
            altText: z.string().max(ALT_TEXT_MAX).optional(),
          }),
        )
        .min(1)
        .max(1000),
    }),
    response: [] as SessionView[],
  },
  'sessions:send': {
    request: z.strictObject({ ids: z.array(id).min(1).max(10_000) }),
    response: {} as { queued: number },
  },
  'sessions:cancel': { request: z.strictObject({ id }), response: {} as SessionView },
  /** Stops sending and keeps what X acknowledged: the session goes back to ready and resumes on the next send. */
  'sessions:pause': { request: z.strictObject({ id }), response: {} as SessionView },
  'sessions:retry': { request: z.strictObject({ id }), response: {} as SessionView },
  'sessions:forget': { request: z.strictObject({ id }), response: { forgotten: true } },
  'sessions:reassign': { request: z.strictObject({ id, accountId: id }), response: {} as SessionView },
  /** Main writes the media id to the clipboard (and returns it for display). */
  'sessions:copyMediaId': { request: z.strictObject({ id }), response: {} as { mediaId: string } },

  'accounts:list': { request: noPayload, response: [] as AccountView[] },
  'accounts:addWithTokens': {
    request: appConnection.extend({ token: credential, tokenSecret: credential, offline: z.boolean().default(false) }),
    response: {} as AccountView,
  },
  /** Main asks X for a request token and opens the authorize page in the user's browser. */
  'accounts:startPinLogin': { request: appConnection, response: {} as PinLoginStart },
  'accounts:finishPinLogin': {
    request: z.strictObject({
      loginId: id,
      pin: z
        .string()
        .trim()
        .regex(/^\d{4,10}$/, 'the PIN is digits only'),
    }),
    response: {} as AccountView,
  },
  'accounts:verify': { request: z.strictObject({ id }), response: {} as AccountView },
  'accounts:remove': { request: z.strictObject({ id }), response: { removed: true } },
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
}
export const EVENT_NAMES = [
  'progress',
  'sessionChanged',
  'sessionRemoved',
  'status',
  'accountsChanged',
  'batchFinished',
] as const satisfies readonly (keyof Events)[];

// ---- derived types ------------------------------------------------------------------------

type Channels = typeof channels;
export type Channel = keyof Channels;
export const CHANNEL_NAMES = Object.keys(channels) as Channel[];
export type RequestOf<C extends Channel> = z.input<Channels[C]['request']>;
/** What a handler receives: the schema's output (defaults applied). */
export type ParsedRequestOf<C extends Channel> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends Channel> = Channels[C]['response'];

/** Main's side: one function per channel. Throw XferFailure for expected failures. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

type AreaOf<C extends string> = C extends `${infer A}:${string}` ? A : never;
type VerbOf<C extends string, A extends string> = C extends `${A}:${infer V}` ? V : never;
/** Where the page passes something other than the request, and the preload builds the request from it. */
interface PageArguments {
  'files:addDropped': readonly File[];
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

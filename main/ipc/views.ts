// What main sends the renderer: the view types the channels and events of contract.ts answer with.
// Types only (no values), so the preload and the renderer import them for free. The renderer never
// receives a secret: no view type below has a field that could hold one.
import type { Account } from '../common/account.ts';
import type { PlanOutcome } from '../common/conversion.ts';
import type { Session } from '../common/session.ts';
import type { MediaKind, ValidationResult } from '../common/media-types.ts';
import type { Post } from '../core/ledger/post-types.ts';
import type { PostCheck } from '../common/posts.ts';
import type { PreferenceValues } from '../common/preferences.ts';

export type AccountView = Account;

export interface FileView {
  /** Opaque: the renderer never holds a path it could hand back. */
  fileId: string;
  name: string;
  size: number;
  /** Where the renderer may load a preview (image frame or video poster), or null. */
  previewUrl: string | null;
  /** What the file is by its bytes, for drawing it and for the post rules: image, GIF or video; else null. */
  previewKind: MediaKind | null;
}

/** A dropped folder, expanded: how many media files it gave, and what was left out (by its path inside the folder). */
export interface FolderView {
  name: string;
  added: number;
  skipped: string[];
}

/** What an add of dropped files did: the files listed, and each dropped folder's count. */
export interface AddedFiles {
  files: FileView[];
  folders: FolderView[];
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
  /** Where the renderer may load the file's thumbnail (image, or a video's first frame), or null. */
  previewUrl: string | null;
}

/** A conversion's progress for one session ("Make it fit X"). */
export interface ConversionView {
  sessionId: string;
  state: 'converting' | 'done' | 'failed' | 'cancelled';
  percent: number | null;
  etaSec: number | null;
  message: string | null;
}

/** What "Make it fit X" would do for a session, and whether this machine can do it. */
export interface FitPlanView {
  outcome: PlanOutcome;
  /** The ffmpeg that would run it ("system ffmpeg 5.1.9 at /usr/bin/ffmpeg"), or null when there is none. */
  tool: string | null;
  /** How to get ffmpeg, when there is none. */
  howToGetFfmpeg: string | null;
}

export interface AppInfo {
  version: string;
  platform: string;
  dataDir: string;
  /** The embedded sandbox's origin, when it runs. */
  sandboxUrl: string | null;
  /** Why the embedded sandbox could not start, when it could not (its account cannot send meanwhile). */
  sandboxProblem: string | null;
  keychain: { ok: boolean; message: string | null };
}

/** Where a clicked notification takes the window: a screen, and the session or post to open there. */
export interface NavigateTarget {
  screen: 'sessions' | 'posts';
  id: string | null;
}

/** The Preferences screen: what can be changed, and facts shown beside them. */
export interface PreferencesView {
  values: PreferenceValues;
  /** Where the ledger, preferences and converted copies live (read-only here). */
  dataDir: string;
  /** The ffmpeg "Make it fit X" runs ("system ffmpeg 5.1.9 at /usr/bin/ffmpeg"), or null when there is none. */
  ffmpeg: string | null;
}

export interface OAuth2SignInStart {
  signInId: string;
  authorizeUrl: string;
  redirectUri: string;
}

export interface PinLoginStart {
  loginId: string;
  /** Shown so the user can open it by hand if the browser did not open. */
  authorizeUrl: string;
}

/** One media file of a post, with its upload's state (live progress comes with the `progress` event). */
export interface PostMediaView {
  sessionId: string;
  fileName: string;
  state: Session['state'];
  bytesAcked: number;
  totalBytes: number;
  processingPercent: number | null;
  altText: string | null;
}

export interface PostView extends Omit<Post, 'mediaSessionIds'> {
  accountName: string | null;
  screenName: string | null;
  media: PostMediaView[];
  /** The post on x.com once posted (display only; "open" goes through posts:open). */
  url: string | null;
}

export interface ComposeAnswer {
  /** Empty when a check failed: nothing was recorded. */
  posts: PostView[];
  checks: PostCheck[];
}

export interface StagingProgress {
  /** Opaque; the same id files:addStaged then takes. */
  stagedId: string;
  name: string;
  received: number;
  /** null when the page did not say how big the file is. */
  total: number | null;
  done: boolean;
}

import type { MediaKind } from './media-types.ts';

// Where the renderer loads a file's preview: `xfer-media://<fileId>`. The Electron shell serves
// the scheme, the web harness rewrites it to a path on its own origin, and the page's CSP allows it.
export const PREVIEW_SCHEME = 'xfer-media';

export function previewUrl(fileId: string): string {
  return `${PREVIEW_SCHEME}://${fileId}`;
}

/** The file id of a preview URL, or null when the URL is not one. */
export function previewFileId(url: string): string | null {
  const prefix = `${PREVIEW_SCHEME}://`;
  return url.startsWith(prefix) ? url.slice(prefix.length) : null;
}

/** Types a browser can show as an image or play as a video poster frame. */
export const PREVIEWABLE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'video/mp4',
  'video/quicktime',
]);

/** What a preview of this media type would draw: the picture kind, or the icon to show in its place. */
export function previewKindOf(mediaType: string): MediaKind {
  if (mediaType === 'image/gif') return 'gif';
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('video/')) return 'video';
  if (mediaType.startsWith('text/')) return 'subtitles';
  return 'unknown';
}

/** A session's thumbnail is its file's: `xfer-media://session_<id>`, resolved by main from the ledger. */
const SESSION_PREFIX = 'session_';

export function sessionPreviewId(sessionId: string): string {
  return `${SESSION_PREFIX}${sessionId}`;
}

/** The session id of a preview id, or null when it names a file instead. */
export function previewSessionId(previewId: string): string | null {
  return previewId.startsWith(SESSION_PREFIX) ? previewId.slice(SESSION_PREFIX.length) : null;
}

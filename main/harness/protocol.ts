// The harness's WebSocket messages: the contract's invoke/event pair, as JSON frames.
// Shared by the Node server and the browser bridge, so it imports nothing with side effects.
import type { Result } from '../common/errors.ts';
import { PREVIEW_SCHEME, previewFileId } from '../common/preview.ts';

export const SOCKET_PATH = '/__xfer__';
export const BRIDGE_PATH = '/__harness__/bridge.js';
export const MEDIA_PATH = `/${PREVIEW_SCHEME}/`;
/** POST the file's bytes, its name percent-encoded in FILE_NAME_HEADER: answers `{ stagedId }`. */
export const UPLOAD_PATH = '/__upload__';
export const FILE_NAME_HEADER = 'x-xfer-file-name';

export type ClientMessage = { type: 'invoke'; id: number; channel: string; payload: unknown };

export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  /** A handler threw something other than an XferFailure: a bug; the page's promise rejects. */
  | { type: 'crash'; id: number; message: string }
  /** A frame that is not an invoke message (not JSON, null, oversized…): answered, never fatal. */
  | { type: 'error'; id: number | null; message: string }
  | { type: 'event'; event: string; payload: unknown };

/** `xfer-media://<id>` (the Electron protocol) → `/xfer-media/<id>` on the harness's own origin. */
export function harnessMediaUrl(url: string): string {
  const fileId = previewFileId(url);
  return fileId === null ? url : MEDIA_PATH + fileId;
}

/** Rewrites every `previewUrl` field in a response value, leaving everything else as is. */
export function rewritePreviewUrls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewritePreviewUrls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = key === 'previewUrl' && typeof field === 'string' ? harnessMediaUrl(field) : rewritePreviewUrls(field);
  }
  return out;
}

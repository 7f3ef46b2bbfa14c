// What one HTTP exchange is made of: the request (its body in parts: bytes in memory and slices of an
// open file) and the answer. Types only, below every way of sending one (http-exchange.ts).
import type { FileHandle } from 'node:fs/promises';
import type { HeaderLookup } from './header-lookup.ts';
import type { BytePacer } from './types.ts';

/** Bytes of a file its caller has open, read as they are sent (an APPEND's chunk). */
export interface FileSlice {
  handle: FileHandle;
  /** For messages. */
  path: string;
  start: number;
  length: number;
  /**
   * The slice's hash when it was prepared (main/core/media/segment-hashes.ts). The bytes read for sending
   * are hashed as they go; if they differ, the request fails with `file_changed` before its last bytes are
   * handed to the socket, so the server never holds a whole segment of a changed file.
   */
  expectedHash?: string | undefined;
}

export type BodyPart = Uint8Array | FileSlice;

export interface Exchange {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** The body in parts, sent back to back (a multipart body's head, file bytes and tail). */
  body: readonly BodyPart[];
  /** Aborts the exchange at any point, the answer's body included; its reason is what is thrown. */
  signal: AbortSignal;
  /** The file slices' bytes taken by the socket so far (a running total); the whole-body paths call it once. */
  onFileBytesSent?: ((bytes: number) => void) | undefined;
  /** The bandwidth cap: each slice of a file's bytes is taken from it before it is read and written. */
  pace?: BytePacer | undefined;
}

export interface Answer {
  status: number;
  headers: HeaderLookup;
  bodyText: string;
}

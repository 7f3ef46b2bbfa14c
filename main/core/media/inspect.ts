// Bytes → facts. Reads only what each format needs (a header, a GIF's block headers, an MP4's moov),
// within a time budget, and fails with an InspectionFailure (a clear sentence, a stable code) when the
// file is missing, unreadable, empty, damaged, or changes while being read.
import { basename, extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { BoundedReader, raceAbort } from './bounded-reader.ts';
import { nodeFileSource, type FileFacts, type FileSource, type OpenedFile } from './file-source.ts';
import { countGifFrames, GifMalformed, GifTruncated } from './gif-frames.ts';
import { failInspection, InspectionFailure } from './inspect-failure.ts';
import { MB } from './rules.ts';
import { looksLikeSrt, parseSubtitles } from './subtitles.ts';
import type { Inspection, MediaKind } from '../../common/media-types.ts';

export interface InspectOptions {
  signal?: AbortSignal;
  /** Give up after this long (default 15 s): a clear error, never a hang. */
  timeoutMs?: number;
  /** The most bytes read for one header structure: an image's header, an MP4's moov (default 64 MB). */
  maxHeaderBytes?: number;
  /** The file system; node:fs unless a test injects another. */
  source?: FileSource;
}

const HEAD_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_HEADER_BYTES = 64 * MB;
// Subtitle files X takes are ≤ 1 MB; parsing far larger text only delays the size finding.
const MAX_SUBTITLE_BYTES = 8 * MB;

const EXTENSION_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.qt': 'video/quicktime',
  '.webm': 'video/webm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.srt': 'text/srt',
  '.vtt': 'text/vtt',
};

// file-type names ISO BMFF flavours X knows under one type.
const TYPE_ALIASES: Record<string, string> = { 'video/x-m4v': 'video/mp4' };

export async function inspectFile(path: string, options: InspectOptions = {}): Promise<Inspection> {
  const name = basename(path);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const source = options.source ?? nodeFileSource;
  let opened: OpenedFile | null = null;
  let before: FileFacts | null = null;
  try {
    before = await raceAbort(statOrFail(source, path, name), signal);
    opened = await raceAbort(source.open(path), signal).catch((error: unknown) => failFromSystem(error, name));
    const facts = await raceAbort(opened.stat(), signal);
    if (facts.type !== 'file') failNotAFile(facts, name);
    if (facts.size === 0) failInspection('file.empty', `${name} is empty (0 bytes)`);
    const reader = new BoundedReader(opened, facts.size, signal);
    const inspection = await inspectBytes(
      reader,
      path,
      name,
      facts,
      options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
    );
    const after = await raceAbort(statOrFail(source, path, name), signal);
    if (changed(before, facts) || changed(facts, after)) failChanged(name);
    return inspection;
  } catch (error) {
    // Bytes that stop making sense mid-read may be a writer's doing: then say so, not "damaged".
    if (error instanceof InspectionFailure && before !== null && !signal.aborted && error.code !== 'file.changed') {
      const after = await raceAbort(source.stat(path), signal).catch(() => null);
      if (after !== null && changed(before, after)) failChanged(name);
    }
    if (error instanceof InspectionFailure) throw error;
    if (timeout.aborted)
      failInspection(
        'file.timeout',
        `Inspecting ${name} took longer than ${timeoutMs / 1000} s; Xfer gave up (is the disk or network share responding?)`,
      );
    if (options.signal?.aborted === true)
      failInspection('file.cancelled', `Inspecting ${name} was cancelled`, 'cancelled');
    return failFromSystem(error, name);
  } finally {
    // Not awaited: after a timeout the hung read may keep the handle busy, and closing must not hang too.
    opened?.close().catch(() => undefined);
  }
}

async function inspectBytes(
  reader: BoundedReader,
  path: string,
  name: string,
  facts: FileFacts,
  maxHeaderBytes: number,
): Promise<Inspection> {
  const head = await reader.readAt(0, HEAD_BYTES);
  const detected = await fileTypeFromBuffer(head);
  const extensionType = EXTENSION_TYPES[extname(name).toLowerCase()] ?? null;
  const base = { path, name, totalBytes: facts.size, extensionType, mtimeMs: facts.mtimeMs };
  const mediaType = detected === undefined ? null : (TYPE_ALIASES[detected.mime] ?? detected.mime);

  if (mediaType === 'image/gif') {
    const { width, height } = measureImage(head, name);
    const frames = await countFrames(reader, name);
    return { ...base, mediaType, kind: 'gif', gif: { width, height, frames, animated: frames > 1 } };
  }
  if (mediaType !== null && mediaType.startsWith('image/')) {
    const image = await measureImageFully(reader, head, name, maxHeaderBytes);
    return {
      ...base,
      mediaType,
      kind: 'image',
      image: { format: image.type, width: image.width, height: image.height },
    };
  }
  if (
    mediaType === 'video/mp4' ||
    mediaType === 'video/quicktime' ||
    detected?.ext === 'mp4' ||
    detected?.ext === '3gp'
  ) {
    // mp4box (the largest module a prepare would load) is loaded only for a file that needs it: an image's
    // `xfer upload` is a fresh process, and would pay to load and evaluate it for nothing.
    const { inspectMp4 } = await import('./mp4.ts');
    return { ...base, mediaType, kind: 'video', video: await inspectMp4(reader, name, maxHeaderBytes) };
  }
  if (mediaType === 'text/vtt' || (mediaType === null && isText(head))) {
    const subtitles = await inspectSubtitles(reader, head, mediaType, extensionType);
    if (subtitles !== null) return { ...base, ...subtitles };
  }
  return { ...base, mediaType, kind: kindOf(mediaType) };
}

function kindOf(mediaType: string | null): MediaKind {
  if (mediaType?.startsWith('video/') === true) return 'video';
  if (mediaType?.startsWith('image/') === true) return 'image';
  return 'unknown';
}

function measureImage(bytes: Uint8Array, name: string): { type: string; width: number; height: number } {
  try {
    const size = imageSize(bytes);
    if (size.width === undefined || size.height === undefined) throw new Error('no dimensions');
    return { type: size.type ?? 'unknown', width: size.width, height: size.height };
  } catch (error) {
    failInspection(
      'file.corrupt',
      `${name} looks like an image but its header cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** JPEG dimensions can sit after large metadata: read more, doubling, up to maxHeaderBytes. */
async function measureImageFully(reader: BoundedReader, head: Uint8Array, name: string, maxHeaderBytes: number) {
  let bytes = head;
  for (;;) {
    try {
      return measureImage(bytes, name);
    } catch (error) {
      const limit = Math.min(reader.size, maxHeaderBytes);
      if (bytes.length >= limit) throw error;
      bytes = await reader.readAt(0, Math.min(limit, bytes.length * 4));
    }
  }
}

async function countFrames(reader: BoundedReader, name: string): Promise<number> {
  try {
    return await countGifFrames(reader);
  } catch (error) {
    if (error instanceof GifTruncated || error instanceof GifMalformed)
      failInspection('file.corrupt', `${name} is a damaged GIF: ${error.message}`);
    throw error;
  }
}

async function inspectSubtitles(
  reader: BoundedReader,
  head: Uint8Array,
  mediaType: string | null,
  extensionType: string | null,
): Promise<Pick<Inspection, 'mediaType' | 'kind' | 'subtitles'> | null> {
  const bytes =
    reader.size <= head.length ? head : reader.size <= MAX_SUBTITLE_BYTES ? await reader.readAt(0, reader.size) : null;
  const format: 'srt' | 'vtt' = mediaType === 'text/vtt' ? 'vtt' : 'srt';
  if (bytes === null) {
    return {
      mediaType: `text/${format}`,
      kind: 'subtitles' as const,
      subtitles: {
        format,
        cues: 0,
        problem: `the file is larger than ${MAX_SUBTITLE_BYTES / MB} MB, too large to be subtitles`,
      },
    };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Text is SRT when it looks like SRT, or when its name says .srt (then a parse problem is reported).
  if (format === 'srt' && extensionType !== 'text/srt' && !looksLikeSrt(text)) return null;
  return { mediaType: `text/${format}`, kind: 'subtitles' as const, subtitles: parseSubtitles(text, format) };
}

/** No NUL bytes and valid UTF-8 in the head: text, not binary. */
function isText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    // A multi-byte character cut at the end of the head is not a reason to call it binary.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}

function failChanged(name: string): never {
  failInspection(
    'file.changed',
    `${name} changed while Xfer was reading it (size or modification time differ); check it again once it is complete`,
    'file_changed',
  );
}

function changed(before: FileFacts, after: FileFacts): boolean {
  return before.size !== after.size || before.mtimeMs !== after.mtimeMs || before.ino !== after.ino;
}

async function statOrFail(source: FileSource, path: string, name: string): Promise<FileFacts> {
  const facts = await source.stat(path).catch((error: unknown) => failFromSystem(error, name));
  if (facts.type !== 'file') failNotAFile(facts, name);
  return facts;
}

function failNotAFile(facts: FileFacts, name: string): never {
  if (facts.type === 'directory') failInspection('file.directory', `${name} is a folder, not a file`);
  failInspection('file.not_regular', `${name} is not a regular file (a pipe, socket or device?)`);
}

function failFromSystem(error: unknown, name: string): never {
  if (error instanceof InspectionFailure) throw error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') failInspection('file.missing', `${name} does not exist (moved or deleted?)`);
  if (code === 'ENOTDIR') failInspection('file.missing', `${name} does not exist: a part of its path is not a folder`);
  if (code === 'EISDIR') failInspection('file.directory', `${name} is a folder, not a file`);
  if (code === 'EACCES' || code === 'EPERM')
    failInspection('file.unreadable', `Xfer is not allowed to read ${name} (permission denied)`);
  if (code === 'ELOOP') failInspection('file.symlink_loop', `${name} is a symbolic link that loops back on itself`);
  if (typeof code === 'string') failInspection('file.unreadable', `${name} could not be read (${code})`);
  throw error;
}

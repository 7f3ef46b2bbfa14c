// Simulated media processing: the bytes are checked against the declared type (magic numbers of
// the first bytes), and asynchronous categories move pending → in_progress → succeeded|failed
// over `processingMs` of the injected clock (reference §1 "Processing").

/** Whether the first bytes of the file look like the declared media type. */
export function bytesMatchType(head: Uint8Array, mediaType: string): boolean {
  const ascii = (start: number, end: number): string => String.fromCharCode(...head.subarray(start, end));
  switch (mediaType) {
    case 'video/mp4':
      return ascii(4, 8) === 'ftyp';
    case 'video/quicktime':
      return ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].includes(ascii(4, 8));
    case 'video/webm':
      return head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
    case 'image/gif':
      return ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a';
    case 'image/png':
      return head[0] === 0x89 && ascii(1, 4) === 'PNG';
    case 'image/jpeg':
      return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
    case 'image/webp':
      return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
    case 'text/vtt':
      return ascii(0, 9)
        .replace(/^\uFEFF|^ï»¿/, '')
        .startsWith('WEBVTT');
    case 'text/srt':
      return /^(\uFEFF|ï»¿)?\s*\d+\s*\r?\n/.test(ascii(0, 16));
    default:
      return false;
  }
}

export type ProcessingState = 'pending' | 'in_progress' | 'succeeded' | 'failed';

export interface ProcessingError {
  code: number;
  name: string;
  message: string;
}

export interface ProcessingInfo {
  state: ProcessingState;
  check_after_secs?: number;
  progress_percent?: number;
  error?: ProcessingError;
}

export interface ProcessingRun {
  startedAt: number;
  durationMs: number;
  /** Decided at FINALIZE from the bytes; revealed when the run ends. */
  outcome: 'succeeded' | 'failed';
  mediaType: string;
}

/** X's error for media its processing cannot read (reference §1 "Processing"). */
export function processingErrorFor(mediaType: string): ProcessingError {
  const message = mediaType.startsWith('video/') ? 'Unsupported video format' : 'Unsupported image format';
  return { code: 1, name: 'InvalidMedia', message };
}

function secondsLeft(run: ProcessingRun, now: number): number {
  return Math.max(1, Math.ceil((run.startedAt + run.durationMs - now) / 1000));
}

/** What FINALIZE answers for an asynchronous category. */
export function finalizeProcessingInfo(run: ProcessingRun, now: number): ProcessingInfo {
  return { state: 'pending', check_after_secs: secondsLeft(run, now) };
}

/** What STATUS answers at `now`. check_after_secs is never 0: some clients stop polling on 0. */
export function processingInfoAt(run: ProcessingRun, now: number): ProcessingInfo {
  const elapsed = now - run.startedAt;
  if (elapsed >= run.durationMs) {
    if (run.outcome === 'succeeded') return { state: 'succeeded', progress_percent: 100 };
    return { state: 'failed', progress_percent: 100, error: processingErrorFor(run.mediaType) };
  }
  const percent = Math.min(99, Math.floor((Math.max(0, elapsed) / run.durationMs) * 100));
  return { state: 'in_progress', check_after_secs: secondsLeft(run, now), progress_percent: percent };
}

// Runs one ffmpeg process: progress from `-progress pipe:1` (% of the duration and an ETA, throttled at the
// source), cancel through an AbortSignal, and a failure that quotes ffmpeg's own last words.
import { spawn } from 'node:child_process';
import { fail } from '../../common/errors.ts';

export interface ConversionProgress {
  /** 0–100, or null while the duration is unknown. */
  percent: number | null;
  /** Seconds left, from the pace so far; null until there is a pace. */
  etaSec: number | null;
  /** How much of the output is written, in media seconds. */
  doneSec: number;
}

export interface RunOptions {
  /** The media duration the output will have (for the percentage). */
  durationSec: number | null;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ConversionProgress) => void) | undefined;
  /** At most one progress report per this many ms, plus the final one (default 250). */
  throttleMs?: number;
  now?: () => number;
}

const KILL_GRACE_MS = 2000;
const STDERR_KEEP = 4096;

export function runFfmpeg(ffmpeg: string, args: readonly string[], options: RunOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const throttleMs = options.throttleMs ?? 250;
  if (options.signal?.aborted) return Promise.reject(cancelled());
  return new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const started = now();
    let lastReport = -Infinity;
    let stderr = '';
    let buffered = '';
    let doneSec = 0;
    let aborted = false;

    const report = (final: boolean) => {
      const at = now();
      if (!final && at - lastReport < throttleMs) return;
      lastReport = at;
      options.onProgress?.(progressAt(doneSec, options.durationSec, at - started, final));
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [key, value] = line.trim().split('=', 2);
        // out_time_us is microseconds despite ffmpeg also printing out_time_ms with the same value.
        if (key === 'out_time_us' && value !== undefined && /^\d+$/.test(value)) doneSec = Number(value) / 1e6;
        if (key === 'progress') report(value === 'end');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });

    let killTimer: NodeJS.Timeout | null = null;
    const onAbort = () => {
      aborted = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer !== null) clearTimeout(killTimer);
      if (aborted) return reject(cancelled());
      if (code === 0) {
        report(true);
        return resolve();
      }
      const last = stderr.trim().split('\n').filter(Boolean).slice(-2).join(' / ');
      try {
        fail('validation', `cannot be converted: ffmpeg stopped (exit ${code ?? 'signal'})${last ? `: ${last}` : ''}`);
      } catch (failure) {
        reject(failure as Error);
      }
    });
  });
}

export function progressAt(
  doneSec: number,
  durationSec: number | null,
  elapsedMs: number,
  final: boolean,
): ConversionProgress {
  if (final) return { percent: 100, etaSec: 0, doneSec };
  if (durationSec === null || durationSec <= 0) return { percent: null, etaSec: null, doneSec };
  const fraction = Math.min(1, Math.max(0, doneSec / durationSec));
  // The pace so far (wall time per media second) times what is left; none before 1 % is done.
  const etaSec = fraction >= 0.01 ? Math.round(((elapsedMs / 1000) * (1 - fraction)) / fraction) : null;
  return { percent: Math.min(99, Math.floor(fraction * 100)), etaSec, doneSec };
}

function cancelled(): Error {
  try {
    fail('cancelled', 'The conversion was cancelled; nothing was written');
  } catch (failure) {
    return failure as Error;
  }
}

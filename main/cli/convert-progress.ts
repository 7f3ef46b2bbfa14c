// A conversion's progress on stderr: one bar redrawn in place on a terminal (at most every 100 ms),
// plain lines at each quarter when stderr is a file or a pipe.
import type { Writable } from 'node:stream';
import type { ConversionProgress } from '../core/convert/run-ffmpeg.ts';
import { formatDuration } from './progress.ts';

type Stream = Writable & { isTTY?: boolean };

export function renderConversion(name: string, progress: ConversionProgress): string {
  const percent = progress.percent ?? 0;
  const filled = Math.round((percent / 100) * 20);
  const eta = progress.etaSec !== null && percent < 100 ? `  eta ${formatDuration(progress.etaSec)}` : '';
  return `${name} [${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(percent).padStart(3)}%${eta}  converting`;
}

export function conversionBar(
  stream: Stream,
  name: string,
): { update(progress: ConversionProgress): void; end(): void } {
  const tty = stream.isTTY === true;
  let lastQuarter = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(progress) {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && progress.percent !== 100) return;
        lastDraw = now;
        drawn = true;
        stream.write(`\r\x1b[2K${renderConversion(name, progress)}`);
        return;
      }
      const quarter = Math.floor((progress.percent ?? 0) / 25);
      if (quarter <= lastQuarter) return;
      lastQuarter = quarter;
      stream.write(`${renderConversion(name, progress)}\n`);
    },
    end() {
      if (tty && drawn) stream.write('\n');
    },
  };
}

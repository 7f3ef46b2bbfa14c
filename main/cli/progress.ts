// Human progress output for `xfer send` / `xfer upload`: one bar per file, redrawn in place
// at most every `intervalMs` on a terminal; plain lines (state changes and every quarter) when
// stderr is a file or a pipe, so logs stay readable.
import type { Writable } from 'node:stream';
import { LIMITED_ENDPOINT_LABELS, type EndpointPause, type ProgressEvent } from '../common/progress.ts';
import type { SessionState } from '../common/session.ts';
import { formatBytes, formatClock, formatDuration, formatRate } from '../common/format.ts';
import { truncateName } from './words.ts';

// One size and duration format for the window and the CLI.
export { formatBytes, formatDuration } from '../common/format.ts';

export interface Row {
  name: string;
  state: SessionState;
  bytesSent: number;
  totalBytes: number;
  rateBps: number;
  etaSec: number | null;
  processingPercent: number | null;
  note: string | null;
  /** The endpoint whose rate-limit window this file waits for, and until when (X limits each on its own). */
  rateLimited?: EndpointPause | null;
}

export function percentOf(row: Row): number {
  if (row.state === 'succeeded') return 100;
  if (row.state === 'processing' && row.processingPercent !== null) return row.processingPercent;
  // Every byte is with X once it finalizes.
  if (row.state === 'finalizing' || row.state === 'processing') return 100;
  return row.totalBytes === 0 ? 0 : Math.floor((row.bytesSent / row.totalBytes) * 100);
}

/** One bar line, fitted to `columns`. Pure: the display only decides when to print it. */
export function renderRow(row: Row, columns = 80): string {
  const percent = percentOf(row);
  const barWidth = columns >= 100 ? 20 : 10; // an 80-column terminal keeps room for the name
  const filled = Math.round((Math.min(percent, 100) / 100) * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const details: string[] = [`${String(percent).padStart(3)}%`];
  if (row.state === 'uploading') details.push(`${formatBytes(row.bytesSent)}/${formatBytes(row.totalBytes)}`);
  if (row.rateLimited) {
    // The rate of a moment ago says nothing while X holds the endpoint.
    details.push(
      `rate limit on ${LIMITED_ENDPOINT_LABELS[row.rateLimited.endpoint]} until ${formatClock(row.rateLimited.until, { seconds: true })}`,
    );
  } else if (row.state === 'uploading') {
    if (row.rateBps > 0) details.push(formatRate(row.rateBps));
    if (row.etaSec !== null) details.push(`eta ${formatDuration(row.etaSec)}`);
  }
  details.push(row.note ? `${row.state}: ${row.note}` : row.state);
  const tail = ` ${bar} ${details.join('  ')}`;
  const nameWidth = Math.max(8, Math.min(30, columns - 1 - tail.length));
  // Cut the middle of a long name, never its extension: "holiday-in-the-mo….mp4".
  const name = truncateName(row.name, nameWidth).padEnd(nameWidth);
  return `${name}${tail}`.slice(0, Math.max(columns - 1, 20));
}

export interface ProgressDisplay {
  add(sessionId: string, row: Pick<Row, 'name' | 'state' | 'totalBytes'>): void;
  progress(event: ProgressEvent): void;
  state(sessionId: string, state: SessionState, note?: string | null): void;
  /** Draws the final picture and stops redrawing. */
  finish(): void;
}

type Stream = Writable & { isTTY?: boolean; columns?: number };

export function createProgressDisplay(
  stream: Stream,
  options: { intervalMs?: number; now?: () => number } = {},
): ProgressDisplay {
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  const rows = new Map<string, Row>();
  const quarters = new Map<string, number>();
  const tty = stream.isTTY === true;
  let drawnLines = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let finished = false;

  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastDraw = now();
    const columns = stream.columns || 80; // 0 on some pseudo-terminals
    let out = drawnLines > 0 ? `\x1b[${drawnLines}A` : '';
    for (const row of rows.values()) out += `\r\x1b[2K${renderRow(row, columns)}\n`;
    drawnLines = rows.size;
    stream.write(out);
  };
  const schedule = () => {
    if (!tty || finished) return;
    const wait = interval - (now() - lastDraw);
    if (wait <= 0) draw();
    else timer ??= setTimeout(draw, wait);
  };
  const line = (row: Row) => {
    if (!tty) stream.write(`${renderRow(row, 100)}\n`);
  };

  return {
    add(sessionId, start) {
      rows.set(sessionId, { ...start, bytesSent: 0, rateBps: 0, etaSec: null, processingPercent: null, note: null });
      schedule();
    },
    progress(event) {
      const row = rows.get(event.sessionId);
      if (!row) return;
      Object.assign(row, {
        bytesSent: event.bytesSent,
        totalBytes: event.totalBytes,
        rateBps: event.rateBps,
        etaSec: event.etaSec,
        processingPercent: event.processingPercent,
        rateLimited: event.rateLimited ?? null,
      });
      if (row.state !== event.state) {
        row.state = event.state;
        line(row);
      } else if (!tty) {
        const quarter = Math.floor(percentOf(row) / 25);
        if (quarter > (quarters.get(event.sessionId) ?? 0) && quarter < 4) {
          quarters.set(event.sessionId, quarter);
          line(row);
        }
      }
      schedule();
    },
    state(sessionId, state, note = null) {
      const row = rows.get(sessionId);
      if (!row || (row.state === state && row.note === note)) return;
      row.state = state;
      row.note = note;
      line(row);
      schedule();
    },
    finish() {
      if (finished) return;
      if (tty && rows.size > 0) draw();
      finished = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressDisplay, formatBytes, renderRow, type Row } from '../../main/cli/progress.ts';
import type { ProgressEvent } from '../../main/common/progress.ts';
import { formatBytes as windowBytes } from '../../renderer/src/lib/format.ts';
import { progressEvent } from '../fakes/progress-event.ts';

const row = (overrides: Partial<Row> = {}): Row => ({
  name: 'clip.mp4',
  state: 'uploading',
  bytesSent: 5 * 1024 * 1024,
  totalBytes: 10 * 1024 * 1024,
  rateBps: 1024 * 1024,
  etaSec: 5,
  processingPercent: null,
  note: null,
  ...overrides,
});

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY, columns: 100 },
  );
  return { stream, text: () => chunks.join('') };
}

const event = (bytesSent: number, state: ProgressEvent['state'] = 'uploading') => progressEvent({ bytesSent, state });

describe('progress rows', () => {
  it('show the bar, percent, bytes, rate and eta while uploading', () => {
    expect(renderRow(row(), 100)).toMatch(
      /^clip\.mp4\s+\[#{10}-{10}\]\s+50%\s+5 MB\/10 MB\s+1 MB\/s\s+eta 5 s\s+uploading$/,
    );
  });

  it('say which endpoint waits for X’s rate limit and until when, instead of a stale rate and eta', () => {
    const until = new Date(2026, 11, 2, 14, 5, 3).getTime();
    const line = renderRow(row({ rateLimited: { endpoint: 'append', until } }), 100);
    expect(line).toMatch(/50%\s+5 MB\/10 MB\s+rate limit on APPEND until 14:05:03\s+uploading$/);
    expect(renderRow(row({ state: 'finalizing', rateLimited: { endpoint: 'finalize', until } }), 100)).toContain(
      'rate limit on FINALIZE until 14:05:03',
    );
  });

  it('show the note beside the state, and fit narrow terminals', () => {
    expect(renderRow(row({ state: 'failed', note: 'boom' }), 100)).toContain('failed: boom');
    expect(renderRow(row({ name: 'a'.repeat(80) }), 60).length).toBeLessThan(60);
  });

  it('format bytes in binary units, exactly as the window does', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(5 * 1024 ** 3)]).toEqual(['512 bytes', '1.5 KB', '5 GB']);
    for (const bytes of [0, 900, 1536, 5 * 1024 ** 2 + 7, 123 * 1024 ** 3])
      expect(formatBytes(bytes)).toBe(windowBytes(bytes));
  });

  it('cut a long file name in the middle, keeping its extension', () => {
    const line = renderRow(row({ name: 'family-holiday-in-the-mountains-2026-final-cut.mp4' }), 80);
    expect(line).toMatch(/^family-\S*….mp4 \[/);
    expect(line).toMatch(/uploading$/);
    expect(line.length).toBeLessThan(80);
  });
});

describe('the progress display', () => {
  it('prints plain lines off a terminal: state changes and each quarter, not every event', () => {
    const { stream, text } = capture(false);
    const display = createProgressDisplay(stream);
    display.add('s1', { name: 'a.png', state: 'ready', totalBytes: 100 });
    for (let sent = 0; sent <= 100; sent += 5) display.progress(event(sent));
    display.state('s1', 'succeeded');
    display.finish();
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(5); // uploading, 25 %, 50 %, 75 %, succeeded
    expect(text()).not.toContain('\x1b[');
  });

  it('redraws in place on a terminal, at most once per interval', () => {
    const { stream, text } = capture(true);
    let now = 0;
    const display = createProgressDisplay(stream, { intervalMs: 100, now: () => now });
    display.add('s1', { name: 'a.png', state: 'uploading', totalBytes: 100 });
    for (let sent = 1; sent <= 50; sent++) display.progress(event(sent));
    now = 200;
    display.progress(event(60));
    display.finish();
    const draws = text().split('\r\x1b[2K').length - 1;
    expect(draws).toBe(3); // the first draw, one after the interval, the final one
    expect(text()).toContain('\x1b[1A');
  });
});

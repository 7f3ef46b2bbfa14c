// A real parse check for SRT and WebVTT (x-media-upload.md §3: subtitles "must parse as SRT / WebVTT").
// It checks the structure X's parser needs — cue blocks with well-formed, ordered timings — not styling.
import type { SubtitleFacts } from '../../common/media-types.ts';

const SRT_TIME = String.raw`(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})`;
const SRT_TIMING = new RegExp(String.raw`^${SRT_TIME}\s+-->\s+${SRT_TIME}(?:\s.*)?$`);
const VTT_TIME = String.raw`(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})`;
const VTT_TIMING = new RegExp(String.raw`^${VTT_TIME}[ \t]+-->[ \t]+${VTT_TIME}(?:[ \t].*)?$`);

export function parseSubtitles(text: string, format: 'srt' | 'vtt'): SubtitleFacts {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return format === 'srt' ? parseSrt(lines) : parseVtt(lines);
}

/** Whether text starts like an SRT file: an optional cue number, then a timing line. */
export function looksLikeSrt(text: string): boolean {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 2);
  return (
    lines.some((line) => SRT_TIMING.test(line.trim())) &&
    lines[0] !== undefined &&
    (/^\d+$/.test(lines[0].trim()) || SRT_TIMING.test(lines[0].trim()))
  );
}

interface Block {
  firstLine: number;
  lines: string[];
}

function blocks(lines: string[], from: number): Block[] {
  const found: Block[] = [];
  let current: Block | null = null;
  for (let index = from; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (current === null) {
      current = { firstLine: index + 1, lines: [] };
      found.push(current);
    }
    current.lines.push(line);
  }
  return found;
}

function parseSrt(lines: string[]): SubtitleFacts {
  let cues = 0;
  for (const block of blocks(lines, 0)) {
    const [first, second] = block.lines;
    const timingIndex = first !== undefined && /^\d+$/.test(first.trim()) ? 1 : 0;
    const timing = (timingIndex === 1 ? second : first)?.trim() ?? '';
    const problem = checkTiming(
      timing.match(SRT_TIMING),
      timing,
      block.firstLine + timingIndex,
      cues + 1,
      '00:00:01,000 --> 00:00:04,000',
    );
    if (problem !== null) return { format: 'srt', cues, problem };
    cues += 1;
  }
  return cues === 0 ? { format: 'srt', cues, problem: 'the file has no cues' } : { format: 'srt', cues };
}

function parseVtt(lines: string[]): SubtitleFacts {
  const header = lines[0] ?? '';
  if (!/^WEBVTT(?:[ \t].*)?$/.test(header)) {
    return { format: 'vtt', cues: 0, problem: 'line 1 must start with "WEBVTT"' };
  }
  let cues = 0;
  // Blocks after the header block: NOTE, STYLE and REGION blocks carry no cue.
  const [, ...rest] = blocks(lines, 0);
  for (const block of rest) {
    const first = block.lines[0] ?? '';
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    // An optional cue identifier comes before the timing; when neither line has "-->", show the first.
    const timingIndex = !first.includes('-->') && (block.lines[1] ?? '').includes('-->') ? 1 : 0;
    const timing = block.lines[timingIndex]?.trim() ?? '';
    const problem = checkTiming(
      timing.match(VTT_TIMING),
      timing,
      block.firstLine + timingIndex,
      cues + 1,
      '00:00:01.000 --> 00:00:04.000',
    );
    if (problem !== null) return { format: 'vtt', cues, problem };
    cues += 1;
  }
  return { format: 'vtt', cues };
}

function checkTiming(
  match: RegExpMatchArray | null,
  line: string,
  lineNumber: number,
  cue: number,
  example: string,
): string | null {
  if (match === null) {
    const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
    return `cue ${cue} (line ${lineNumber}): expected a timing line like "${example}", found "${shown}"`;
  }
  const start = seconds(match.slice(1, 5));
  const end = seconds(match.slice(5, 9));
  if (end < start) return `cue ${cue} (line ${lineNumber}): ends before it starts`;
  return null;
}

function seconds([hours, minutes, secs, millis]: (string | undefined)[]): number {
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(secs) + Number(millis) / 1000;
}

// Numbers in the plain words findings use. Pure (the renderer shows these too).
import { GB, MB } from './rules.ts';

/** "5 MB", "6.46 MB", "8 GB", "312 KB", "900 bytes" — MB and GB in X's binary sense. */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${trim(bytes / GB)} GB`;
  if (bytes >= MB) return `${trim(bytes / MB)} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** "140 s", "20 min", "125 min", "0.5 s", "162.4 s". */
export function formatSeconds(seconds: number): string {
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${trim(seconds)} s`;
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function trim(value: number): string {
  return String(Math.round(value * 100) / 100);
}

// Small words the CLI prints: counts with their noun spelled out, and names shortened without
// losing what kind of file they are.

import { formatNumber } from '../common/format.ts';

/** "1 session", "3 sessions", "0 files"; `many` for irregular plurals. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/**
 * Fits a file name into `width` characters, cutting the middle of the stem so the extension stays:
 * "holiday-in-the-mountains-2026.mp4" → "holiday-in-the-mo….mp4".
 */
export function truncateName(name: string, width: number): string {
  if (name.length <= width) return name;
  if (width <= 1) return '…'.slice(0, width);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 8 ? name.slice(dot) : '';
  const room = width - 1 - extension.length;
  if (room < 3) return `${name.slice(0, width - 1)}…`;
  return `${name.slice(0, room)}…${extension}`;
}

// The upload bandwidth cap, written as rclone's --bwlimit is: "10M" is 10 MiB/s, a bare number is KiB/s,
// "off" (or 0) is no cap. One rule for `xfer --bwlimit`, `xfer prefs bandwidthLimit` and the Preferences
// screen (https://rclone.org/docs/#bwlimit-bandwidth-spec: binary units, default unit KiB).
import { xferError, type Result } from './errors.ts';

/** Bytes per second, or null for no cap. */
export type BandwidthLimit = number | null;

/**
 * The smallest cap. A 5 MiB APPEND goes at the cap, so at 64 KiB/s one takes 80 s; much slower and it would
 * outlast what servers wait for one request (Node's own server gives up at 300 s; X does not say).
 */
export const BANDWIDTH_LIMIT_MIN = 64 * 1024;

const UNIT_BYTES: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const SPEC = /^(\d+(?:\.\d+)?)\s*([bkmgt])?(?:i?b)?(?:\/s)?$/i;
const EXAMPLES = 'e.g. "10M" (10 MiB/s), "512K", "1.5M" or "off"';

/** Parses a rate as rclone's --bwlimit does; a timetable or an "up:down" pair is refused with why. */
export function parseBandwidthLimit(text: string): Result<BandwidthLimit> {
  const spec = text.trim();
  if (spec === '') return refuse(`A bandwidth limit is needed, ${EXAMPLES}`);
  if (/^(off|none|unlimited)$/i.test(spec)) return { ok: true, value: null };
  if (spec.includes(':') || spec.includes(','))
    return refuse(`"${spec}": Xfer takes one rate for uploads (no timetable or up:down pair), ${EXAMPLES}`);
  const match = SPEC.exec(spec);
  if (!match) return refuse(`"${spec}" is not a bandwidth limit: ${EXAMPLES}`);
  const number = Number(match[1]);
  const bytes = Math.round(number * UNIT_BYTES[(match[2] ?? 'k').toLowerCase()]!);
  if (bytes === 0) return { ok: true, value: null };
  if (!Number.isSafeInteger(bytes)) return refuse(`"${spec}" is too large for a bandwidth limit`);
  if (bytes < BANDWIDTH_LIMIT_MIN) return refuse(`"${spec}" is below the smallest limit, 64K (64 KiB/s): ${EXAMPLES}`);
  return { ok: true, value: bytes };
}

/** The limit as the shortest exact spec parseBandwidthLimit reads back: "10M", "1536K", "off". */
export function formatBandwidthLimit(limit: BandwidthLimit): string {
  if (limit === null) return 'off';
  for (const unit of ['t', 'g', 'm', 'k'] as const) {
    const size = UNIT_BYTES[unit]!;
    if (limit % size === 0) return `${limit / size}${unit.toUpperCase()}`;
  }
  return `${limit}B`;
}

function refuse(message: string): Result<never> {
  return { ok: false, error: xferError('bad_request', message) };
}

// WHEN for `xfer post --at`: ISO 8601 with a zone (2026-12-24T09:00:00+01:00, …Z), or a delay from now
// (+90s, +10m, +2h, +1d). A time without a zone is refused: "09:00" on a server and on a laptop differ.
import { fail } from '../common/errors.ts';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** ms since epoch (UTC). */
export function parseWhen(text: string, now: number): number {
  const relative = /^\+(\d+)([smhd])$/.exec(text.trim());
  if (relative) return now + Number(relative[1]) * (UNIT_MS[relative[2] ?? 's'] ?? 1000);
  if (ISO_WITH_ZONE.test(text.trim())) {
    const at = Date.parse(text.trim());
    if (Number.isFinite(at)) return at;
  }
  fail(
    'bad_request',
    `--at "${text}" is not a time: give ISO 8601 with a zone (2026-12-24T09:00:00+01:00 or …Z) or a delay (+10m, +2h)`,
  );
}

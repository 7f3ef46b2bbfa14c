// 3b. APPENDs in flight: the engine's adaptive controller (the default: no fixed number given) against fixed
// 1, 4, 8 and 16 in flight, on four link shapes — loopback; 50 ms RTT with 10 MB/s per connection (the
// sandbox's per-request cap); 50 ms with a 40 MB/s uplink all connections share (lib/shared-link.ts); and
// 150 ms with 5 MB/s per connection. Reported: MB/s, adaptive ÷ the best fixed setting on each link, and
// adaptive ÷ the link itself where the link has one capacity (the shared uplink). Each upload starts from a
// fresh ledger, so the controller starts from its default, as on an account's first upload.
import { DEFAULT_IN_FLIGHT } from '../../main/core/engine/in-flight-controller.ts';
import type { ClientName } from '../lib/args.ts';
import { uploadFiles } from '../lib/files.ts';
import type { Table } from '../lib/report.ts';
import { LOOPBACK, type Conditions } from '../lib/servers.ts';
import { measureSharedLink } from '../lib/link-check.ts';
import { formatNumber, MIB } from '../lib/stats.ts';
import { goal, peakRssGoal, type GoalCheck, type SuiteContext, type SuiteOutput } from '../lib/suite.ts';
import { speedCell } from './throughput.ts';
import { alternatingRounds, summarize, type UploadSeries } from './uploads.ts';
import { PER_FLOW, SHARED, type NamedConditions } from './latency.ts';

const SLOW: NamedConditions = {
  label: '150 ms RTT, 5 MB/s per connection (sandbox cap)',
  conditions: { latencyMs: 150, bandwidthBytesPerSec: 5 * MIB },
};
const LINKS: NamedConditions[] = [{ label: 'loopback, no limits', conditions: LOOPBACK }, PER_FLOW, SHARED, SLOW];
const FIXED = [1, 4, 8, 16] as const;
type Level = 'adaptive' | (typeof FIXED)[number];
const nameOf = (level: Level) => `xfer×${level}` as ClientName;

/** What the link itself carries, MB/s, when every connection shares one capacity; null when it has none. */
function linkMbPerSecond(conditions: Conditions): number | null {
  return conditions.sharedBytesPerSec ? conditions.sharedBytesPerSec / MIB : null;
}

export async function adaptiveSuite(context: SuiteContext): Promise<SuiteOutput> {
  const { args, progress } = context;
  const file = (await uploadFiles(args.quick)).curve;
  const rounds = args.rounds ?? (args.quick ? 1 : 2);
  // A smoke run keeps every link and both kinds (adaptive, fixed) but not every level: 1 in flight is the slowest.
  const fixed: readonly Level[] = args.quick ? [4, 16] : FIXED;
  const levels: Level[] = ['adaptive', ...fixed];
  const curve: { link: NamedConditions; series: UploadSeries }[] = [];
  for (const link of LINKS) {
    progress(`in flight: ${file.label} under ${link.label}, ${rounds} round(s)`);
    const samples: UploadSeries['samples'] = [];
    for (let round = 0; round < rounds; round += 1) {
      // Each level is one "client" of the rounds, so levels alternate like clients do.
      for (let offset = 0; offset < levels.length; offset += 1) {
        const level = levels[(offset + round) % levels.length] as Level;
        const series = await alternatingRounds(
          file,
          ['xfer'],
          1,
          link.conditions,
          (line) => progress(line.replace('xfer', nameOf(level))),
          () => (level === 'adaptive' ? {} : { concurrency: level }),
        );
        for (const sample of series.samples) samples.push({ ...sample, round, client: nameOf(level) });
      }
    }
    curve.push({ link, series: { file, conditions: link.conditions, rounds, samples } });
  }
  const sharedCapacity = SHARED.conditions.sharedBytesPerSec ?? 0;
  const linkAlone = await measureSharedLink(sharedCapacity);

  const goals: GoalCheck[] = [];
  const versusBest = curve.map(({ link, series }) => {
    const adaptive = summarize(series, nameOf('adaptive')).mbPerSecond;
    const speeds = fixed.map((level) => ({ level, speed: summarize(series, nameOf(level)).mbPerSecond }));
    const measured = speeds.filter(
      (entry): entry is { level: (typeof FIXED)[number]; speed: number } => entry.speed !== null,
    );
    const best = measured.length > 0 ? measured.reduce((top, entry) => (entry.speed > top.speed ? entry : top)) : null;
    const value = adaptive !== null && best ? adaptive / best.speed : null;
    goals.push(
      goal(
        `Adaptive ≥ 0.9 × the best fixed in flight (${link.label})`,
        value,
        (ratio) => `${ratio.toFixed(2)} × (best fixed: ${best?.level})`,
        (ratio) => ratio >= 0.9,
      ),
    );
    return { value, best };
  });
  const versusLink = curve.map(({ link, series }) => {
    const capacity = linkMbPerSecond(link.conditions);
    const adaptive = summarize(series, nameOf('adaptive')).mbPerSecond;
    const value = capacity !== null && adaptive !== null ? adaptive / capacity : null;
    if (capacity !== null)
      goals.push(
        goal(
          `Adaptive ≥ 0.9 × the link (${link.label})`,
          value,
          (ratio) => `${ratio.toFixed(2)} × ${capacity} MB/s`,
          (ratio) => ratio >= 0.9,
        ),
      );
    return { value, capacity };
  });
  goals.push(
    peakRssGoal(
      'Xfer at any APPENDs in flight (adaptive, 1–16, every link),',
      curve.flatMap(({ series }) => series.samples.map((sample) => sample.peakRssMb)),
    ),
  );

  const table: Table = {
    title: `APPENDs in flight — adaptive vs fixed, ${file.label}, MB/s (median of ${rounds} rounds, min–max)`,
    headers: ['APPENDs in flight', ...curve.map(({ link }) => link.label), 'peak RSS MB (highest, any link)'],
    rows: [
      ...levels.map((level) => {
        const rss = curve
          .map(({ series }) => summarize(series, nameOf(level)).peakRssMb)
          .filter((value): value is number => value !== null);
        return [
          level === 'adaptive' ? 'adaptive (the default)' : String(level),
          ...curve.map(({ series }) => speedCell(series, nameOf(level))),
          formatNumber(rss.length > 0 ? Math.max(...rss) : null, 0),
        ];
      }),
      [
        'adaptive ÷ best fixed',
        ...versusBest.map(({ value, best }) => (value === null ? '—' : `${value.toFixed(2)} × (best: ${best?.level})`)),
        '—',
      ],
      [
        'adaptive ÷ link',
        ...versusLink.map(({ value, capacity }) => (value === null ? '—' : `${value.toFixed(2)} × ${capacity} MB/s`)),
        '—',
      ],
    ],
    notes: [
      '5 MiB chunks (the engine’s plan for this size); the levels alternate from round to round; every upload verified by the sandbox’s SHA-256.',
      `Adaptive: no fixed number given, so the account’s in-flight controller decides (main/core/engine/in-flight-controller.ts). Each upload has a fresh ledger: the controller starts from its default (${DEFAULT_IN_FLIGHT}), as on an account’s first upload, not from a value it learnt.`,
      'Per-connection caps throttle each request body (a per-flow limit): there more in flight is always faster until the file runs out of segments. The shared uplink has one capacity for every connection: the ratio to it is the link’s use.',
      `The shared link by itself (one plain TCP stream through it, no TLS, no HTTP, no latency; bench/lib/link-check.ts): ${linkAlone.toFixed(1)} MB/s of its ${formatNumber(sharedCapacity / MIB, 0)}.`,
    ],
  };
  return {
    tables: [table],
    goals,
    data: curve.map(({ link, series }) => ({
      label: link.label,
      conditions: series.conditions,
      samples: series.samples,
    })),
  };
}

// 1. Throughput and 2. memory: the same files, uploaded over HTTPS on loopback by every client, each in its
// own process, in alternating rounds. Peak RSS comes from the same processes.
import { CLIENTS, type ClientName } from '../lib/args.ts';
import { CLIENT_LABELS } from '../lib/clients.ts';
import { uploadFiles, type UploadFile } from '../lib/files.ts';
import { notMeasured, type Table } from '../lib/report.ts';
import { LOOPBACK } from '../lib/servers.ts';
import { formatNumber, median } from '../lib/stats.ts';
import { goal, type GoalCheck, type SuiteContext, type SuiteOutput } from '../lib/suite.ts';
import { alternatingRounds, pairedRatio, summarize, type UploadSeries } from './uploads.ts';

/** The in-process goals (issue 18: the image's are its own; raw ÷ video is the earlier 0.85). */
export const RATIO_GOALS: { peer: ClientName; label: string; minimum: { image: number; video: number } | null }[] = [
  { peer: 'raw', label: 'Xfer ÷ raw POST', minimum: { image: 0.95, video: 0.85 } },
  { peer: 'twitter-api-v2-v1', label: 'Xfer ÷ twitter-api-v2 v1', minimum: { image: 1.5, video: 1.5 } },
  { peer: 'twitter-api-v2-v2', label: 'Xfer ÷ twitter-api-v2 v2', minimum: null },
  { peer: 'tweepy', label: 'Xfer ÷ tweepy', minimum: { image: 1.5, video: 3 } },
];

function minimumFor(minimum: { image: number; video: number }, file: UploadFile): number {
  return file.mediaCategory === 'tweet_image' ? minimum.image : minimum.video;
}

export function speedCell(series: UploadSeries, client: ClientName): string {
  const summary = summarize(series, client);
  if (summary.mbPerSecond === null) return notMeasured(summary.firstError ?? 'not run');
  const spread =
    summary.succeeded > 1 ? ` (${formatNumber(summary.minMbPerSecond)}–${formatNumber(summary.maxMbPerSecond)})` : '';
  const failures = summary.failed > 0 ? ` [${summary.failed} failed: ${summary.firstError}]` : '';
  return `${formatNumber(summary.mbPerSecond)}${spread}${failures}`;
}

export function ratioCell(series: UploadSeries, peer: ClientName): string {
  const value = pairedRatio(series, 'xfer', peer);
  if (value !== null) return `${value.toFixed(2)} ×`;
  const xfer = summarize(series, 'xfer');
  const other = summarize(series, peer);
  return notMeasured(
    xfer.mbPerSecond === null ? `Xfer: ${xfer.firstError ?? 'not run'}` : `${peer}: ${other.firstError ?? 'not run'}`,
  );
}

/** Median CPU seconds per 100 MB of a client's rounds: its own (cpuSeconds) or its server's (serverCpuSeconds). */
function cpuPer100Mb(
  series: UploadSeries,
  client: ClientName,
  key: 'cpuSeconds' | 'serverCpuSeconds' = 'cpuSeconds',
): number | null {
  const values = series.samples
    .filter((sample) => sample.client === client && sample.ok && typeof sample.details?.[key] === 'number')
    .map((sample) => ((sample.details?.[key] as number) / series.file.bytes) * 100 * 1_048_576);
  return median(values);
}

/** Xfer's own VmHWM just before send(): what the process costs before it moves a byte (highest over rounds). */
function loadedRssMb(series: UploadSeries): number | null {
  const values = series.samples
    .filter((sample) => sample.client === 'xfer' && typeof sample.details?.loadedRssKb === 'number')
    .map((sample) => (sample.details?.loadedRssKb as number) / 1024);
  return values.length > 0 ? Math.max(...values) : null;
}

export async function throughputSuite(context: SuiteContext, withThroughput: boolean): Promise<SuiteOutput> {
  const { args, progress } = context;
  const clients = CLIENTS.filter((client) => args.clients.has(client));
  const files = await uploadFiles(args.quick);
  const rounds = args.rounds ?? (args.quick ? 1 : 3);
  // The 1 GB rounds dominate the run; 3 fit in the ~15 minute budget on 2 cores (see bench/README.md).
  const largeRounds = args.rounds ?? (args.quick ? 1 : 3);
  const plan = withThroughput
    ? [
        { file: files.image, rounds },
        { file: files.medium, rounds },
        { file: files.large, rounds: largeRounds },
      ]
    : [
        { file: files.medium, rounds: 1 },
        { file: files.large, rounds: 1 },
      ];
  const series: UploadSeries[] = [];
  for (const { file, rounds: count } of plan) {
    progress(`throughput: ${file.label} (${file.bytes} bytes), ${count} round(s), clients ${clients.join(', ')}`);
    series.push(await alternatingRounds(file, clients, count, LOOPBACK, progress));
  }
  const tables: Table[] = [];
  const goals: GoalCheck[] = [];
  if (withThroughput) {
    tables.push({
      title: 'Throughput — HTTPS on loopback, MB/s (median of rounds, min–max)',
      headers: ['client', ...series.map((entry) => entry.file.label)],
      rows: clients.map((client) => [CLIENT_LABELS[client], ...series.map((entry) => speedCell(entry, client))]),
      notes: [
        `Rounds: ${series.map((entry) => `${entry.file.label} ${entry.rounds}`).join(', ')}; the client order rotates each round.`,
        'MB = 1,048,576 bytes. Timed inside each client process from its first request to FINALIZE’s answer (server processing excluded).',
        'Every upload counted only after the sandbox’s SHA-256 of the assembled media matched the file’s.',
        'twitter-api-v2 sends 1 MB chunks, which X cannot take past 1,000 segments (segment_index ≤ 999): for the 1 GB file the bench passes the smallest chunk that fits (1,073,742 bytes), as tweepy does by itself.',
      ],
    });
    if (clients.includes('xfer')) {
      tables.push({
        title: 'Xfer’s ratios (median of per-round ratios)',
        headers: ['ratio', ...series.map((entry) => entry.file.label), 'goal'],
        rows: RATIO_GOALS.filter(({ peer }) => clients.includes(peer)).map(({ peer, label, minimum }) => [
          label,
          ...series.map((entry) => ratioCell(entry, peer)),
          minimum === null
            ? '—'
            : minimum.image === minimum.video
              ? `≥ ${minimum.image}`
              : `≥ ${minimum.image} image, ≥ ${minimum.video} video`,
        ]),
        notes: [],
      });
      for (const { peer, label, minimum } of RATIO_GOALS) {
        if (minimum === null || !clients.includes(peer)) continue;
        for (const entry of series) {
          const least = minimumFor(minimum, entry.file);
          goals.push(
            goal(
              `${label} ≥ ${least} (${entry.file.label}, in-process)`,
              pairedRatio(entry, 'xfer', peer),
              (value) => `${value.toFixed(2)} ×`,
              (value) => value >= least,
            ),
          );
        }
      }
    }
  }
  if (withThroughput) {
    tables.push({
      title: 'Client CPU — seconds of user + system CPU per 100 MB moved (median of rounds)',
      headers: ['client', ...series.map((entry) => entry.file.label)],
      rows: clients.map((client) => [
        CLIENT_LABELS[client],
        ...series.map((entry) => formatNumber(cpuPer100Mb(entry, client), 2)),
      ]),
      notes: [
        'Measured by each client process over its own timed window (Node: process.cpuUsage(); Python: time.process_time()).',
        'Less noisy than wall time on a shared machine: on 2 cores the client’s CPU is taken from the server’s.',
      ],
    });
    tables.push({
      title: 'Server CPU — seconds of user + system CPU per 100 MB, the sandbox (or, for the raw POST, the sink)',
      headers: ['server, for the client', ...series.map((entry) => entry.file.label)],
      rows: clients.map((client) => [
        `${client === 'raw' ? 'sink' : 'sandbox'}, for ${CLIENT_LABELS[client]}`,
        ...series.map((entry) => formatNumber(cpuPer100Mb(entry, client, 'serverCpuSeconds'), 2)),
      ]),
      notes: [
        'The bench process’s own CPU (process.cpuUsage()) from the client’s spawn to its exit: the servers run in it, so this is their work (TLS, the multipart reader, OAuth checks, writing the segments), plus the bench sampling the client’s memory.',
        'Client and server share the 2 cores: a client’s speed on loopback is bounded by its CPU per byte plus its server’s.',
      ],
    });
  }
  const memorySeries = series.slice(-2);
  tables.push({
    title: 'Peak RSS of each client process, MB (VmHWM, highest over rounds)',
    headers: ['client', ...memorySeries.map((entry) => entry.file.label)],
    rows: [
      ...clients.map((client) => [
        CLIENT_LABELS[client],
        ...memorySeries.map((entry) => {
          const summary = summarize(entry, client);
          if (summary.peakRssMb === null) return notMeasured(summary.firstError ?? 'not run');
          const failed = summary.succeeded === 0 ? ` (upload failed: ${summary.firstError})` : '';
          return `${formatNumber(summary.peakRssMb, 0)}${failed}`;
        }),
      ]),
      ...(clients.includes('xfer')
        ? [
            [
              'Xfer, loaded and idle: before its first request',
              ...memorySeries.map((entry) => formatNumber(loadedRssMb(entry), 0)),
            ],
          ]
        : []),
    ],
    notes: [
      'Sampled from /proc/<pid>/status every 50 ms and read once more by the client itself just before it exits.',
      'Includes each runtime’s own baseline: an idle Node 24 process is ~45 MB, Python 3 with tweepy ~30 MB. The Node clients run bundled, as the app ships (bench/lib/built-clients.ts); the xfer CLI run from its TypeScript sources also loads Node’s type stripper (~20 MB more).',
    ],
  });
  if (clients.includes('xfer')) {
    const [medium, large] = memorySeries.map((entry) => summarize(entry, 'xfer').peakRssMb);
    const largeLabel = memorySeries[1]?.file.label ?? 'large';
    goals.push(
      goal(
        `Xfer peak RSS ≤ 150 MB (${largeLabel})`,
        large ?? null,
        (value) => `${value.toFixed(0)} MB`,
        (value) => value <= 150,
      ),
    );
    const growth =
      medium !== null && medium !== undefined && large !== null && large !== undefined ? large - medium : null;
    goals.push(
      goal(
        `Xfer RSS flat as the file grows (${memorySeries[0]?.file.label} → ${largeLabel}, within 20 MB)`,
        growth,
        (value) => `${value >= 0 ? '+' : ''}${value.toFixed(0)} MB`,
        (value) => value <= 20,
      ),
    );
  }
  return {
    tables,
    goals,
    data: series.map((entry) => ({
      file: entry.file,
      conditions: entry.conditions,
      rounds: entry.rounds,
      samples: entry.samples,
    })),
  };
}

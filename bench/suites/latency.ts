// 3. With latency: the same clients under a 50 ms round trip per request and a bandwidth cap — where
// parallel APPENDs matter — and Xfer's concurrency curve (APPENDs in flight 1, 2, 4, 8) under each
// condition, the evidence for the engine's default.
import { CLIENTS, type ClientName } from '../lib/args.ts';
import { CLIENT_LABELS } from '../lib/clients.ts';
import { uploadFiles, type UploadFile } from '../lib/files.ts';
import type { Table } from '../lib/report.ts';
import { LOOPBACK, type Conditions } from '../lib/servers.ts';
import { formatNumber, MIB } from '../lib/stats.ts';
import type { SuiteContext, SuiteOutput } from '../lib/suite.ts';
import { DEFAULT_CONCURRENCY } from '../../main/core/engine/options.ts';
import { RATIO_GOALS, ratioCell, speedCell } from './throughput.ts';
import { alternatingRounds, summarize, type UploadSeries } from './uploads.ts';

interface NamedConditions {
  label: string;
  conditions: Conditions;
}

export const PER_FLOW: NamedConditions = {
  label: '50 ms RTT, 10 MB/s per connection (sandbox cap)',
  conditions: { latencyMs: 50, bandwidthBytesPerSec: 10 * MIB },
};
export const SHARED: NamedConditions = {
  label: '50 ms RTT, 40 MB/s shared uplink (bench proxy)',
  conditions: { latencyMs: 50, bandwidthBytesPerSec: 0, sharedBytesPerSec: 40 * MIB },
};
const CURVE_LEVELS = [1, 2, 4, 8];

export async function latencySuite(
  context: SuiteContext,
  withPeers: boolean,
  withCurve: boolean,
): Promise<SuiteOutput> {
  const { args, progress } = context;
  const files = await uploadFiles(args.quick);
  const file: UploadFile = files.latency;
  const rounds = args.rounds ?? (args.quick ? 1 : 3);
  const tables: Table[] = [];
  const data: Record<string, unknown> = {};
  const named = [PER_FLOW, SHARED];

  if (withPeers) {
    const clients = CLIENTS.filter((client) => args.clients.has(client));
    const all: UploadSeries[] = [];
    for (const { label, conditions } of named) {
      progress(`latency: ${file.label} under ${label}, ${rounds} round(s)`);
      all.push(await alternatingRounds(file, clients, rounds, conditions, progress));
    }
    data.peers = all.map((series, index) => ({
      label: named[index]?.label,
      conditions: series.conditions,
      samples: series.samples,
    }));
    tables.push({
      title: `With latency — ${file.label}, MB/s (median of ${rounds} rounds, min–max)`,
      headers: ['client', ...named.map((entry) => entry.label)],
      rows: [
        ...clients.map((client) => [CLIENT_LABELS[client], ...all.map((series) => speedCell(series, client))]),
        ...(clients.includes('xfer')
          ? RATIO_GOALS.filter(({ peer }) => clients.includes(peer)).map(({ peer, label }) => [
              label,
              ...all.map((series) => ratioCell(series, peer)),
            ])
          : []),
      ],
      notes: [
        'The sandbox waits 50 ms before every answer (one round trip per request); the raw sink does the same.',
        'Per-connection cap: the sandbox throttles each request body, like a per-flow limit — so one stream (the raw POST) is the floor here, not a ceiling, and parallel APPENDs multiply the rate.',
        'Shared uplink: a loopback TCP proxy passes every client→server byte through one token bucket; TLS stays end to end.',
      ],
    });
  }

  if (withCurve && args.clients.has('xfer')) {
    const curve: { label: string; series: UploadSeries }[] = [];
    for (const { label, conditions } of [{ label: 'loopback, no limits', conditions: LOOPBACK }, ...named]) {
      progress(`concurrency curve: ${file.label} under ${label}`);
      // Each level is one "client" of the rounds, so levels alternate like clients do.
      const levels = CURVE_LEVELS.map((level) => `xfer×${level}`);
      const samples: UploadSeries['samples'] = [];
      for (let round = 0; round < rounds; round += 1) {
        for (let offset = 0; offset < levels.length; offset += 1) {
          const level = CURVE_LEVELS[(offset + round) % CURVE_LEVELS.length] as number;
          const series = await alternatingRounds(
            file,
            ['xfer'],
            1,
            conditions,
            (line) => progress(line.replace('xfer', `xfer×${level}`)),
            () => ({ concurrency: level }),
          );
          for (const sample of series.samples)
            samples.push({ ...sample, round, client: `xfer×${level}` as ClientName });
        }
      }
      curve.push({ label, series: { file, conditions, rounds, samples } });
    }
    data.curve = curve.map(({ label, series }) => ({ label, conditions: series.conditions, samples: series.samples }));
    tables.push({
      title: `Xfer’s concurrency curve — ${file.label}, MB/s by APPENDs in flight (median of ${rounds} rounds)`,
      headers: ['APPENDs in flight', ...curve.map((entry) => entry.label), 'peak RSS MB (loopback)'],
      rows: CURVE_LEVELS.map((level) => {
        const name = `xfer×${level}` as ClientName;
        const loopback = curve[0] ? summarize(curve[0].series, name).peakRssMb : null;
        return [
          `${level}${level === DEFAULT_CONCURRENCY.appendsPerUpload ? ' (default)' : ''}`,
          ...curve.map((entry) => speedCell(entry.series, name)),
          formatNumber(loopback, 0),
        ];
      }),
      notes: ['5 MiB chunks (the engine’s plan for this size); the levels alternate from round to round.'],
    });
  }
  return { tables, goals: [], data };
}

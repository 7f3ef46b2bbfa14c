// 3. With latency: the same clients under a 50 ms round trip per request and a bandwidth cap — where
// parallel APPENDs matter. Xfer's APPENDs in flight, adaptive against fixed, are suites/adaptive.ts.
import { CLIENTS } from '../lib/args.ts';
import { CLIENT_LABELS } from '../lib/clients.ts';
import { uploadFiles, type UploadFile } from '../lib/files.ts';
import type { Table } from '../lib/report.ts';
import type { Conditions } from '../lib/servers.ts';
import { MIB } from '../lib/stats.ts';
import type { SuiteContext, SuiteOutput } from '../lib/suite.ts';
import { RATIO_GOALS, ratioCell, speedCell } from './throughput.ts';
import { alternatingRounds, type UploadSeries } from './uploads.ts';

export interface NamedConditions {
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

export async function latencySuite(context: SuiteContext): Promise<SuiteOutput> {
  const { args, progress } = context;
  const files = await uploadFiles(args.quick);
  const file: UploadFile = files.latency;
  const rounds = args.rounds ?? (args.quick ? 1 : 3);
  const tables: Table[] = [];
  const data: Record<string, unknown> = {};
  const named = [PER_FLOW, SHARED];
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
  return { tables, goals: [], data };
}

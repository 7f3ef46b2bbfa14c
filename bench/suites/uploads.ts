// Alternating rounds of uploads: each round uploads one file once with every client, in an order that
// rotates from round to round, so a slow spell on the machine lands on different clients each time.
import type { ClientName } from '../lib/args.ts';
import type { UploadFile } from '../lib/files.ts';
import { measureUpload, type UploadSample } from '../lib/measure.ts';
import type { Conditions } from '../lib/servers.ts';
import type { ClientJob } from '../clients/job.ts';
import { median } from '../lib/stats.ts';

export interface RoundSample extends UploadSample {
  round: number;
}

export interface UploadSeries {
  file: UploadFile;
  conditions: Conditions;
  rounds: number;
  samples: RoundSample[];
}

export type Progress = (line: string) => void;

export async function alternatingRounds(
  file: UploadFile,
  clients: readonly ClientName[],
  rounds: number,
  conditions: Conditions,
  progress: Progress,
  extra: (client: ClientName) => Partial<ClientJob> = () => ({}),
): Promise<UploadSeries> {
  const samples: RoundSample[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = clients.map((_, index) => clients[(index + round) % clients.length] as ClientName);
    for (const client of order) {
      const sample = await measureUpload(client, file, conditions, extra(client));
      samples.push({ ...sample, round });
      progress(
        `  ${file.label} round ${round + 1}/${rounds} ${client}: ${
          sample.ok
            ? `${sample.mbPerSecond?.toFixed(1)} MB/s, peak RSS ${sample.peakRssMb?.toFixed(0)} MB`
            : `FAILED ${sample.error}`
        }`,
      );
    }
  }
  return { file, conditions, rounds, samples };
}

export interface ClientSummary {
  client: ClientName;
  /** Median MB/s of the rounds that succeeded, or null. */
  mbPerSecond: number | null;
  minMbPerSecond: number | null;
  maxMbPerSecond: number | null;
  /** Highest VmHWM over the rounds (MiB). */
  peakRssMb: number | null;
  succeeded: number;
  failed: number;
  firstError: string | null;
}

export function summarize(series: UploadSeries, client: ClientName): ClientSummary {
  const mine = series.samples.filter((sample) => sample.client === client);
  const good = mine.filter((sample) => sample.ok && sample.mbPerSecond !== null);
  const speeds = good.map((sample) => sample.mbPerSecond as number);
  const rss = mine.map((sample) => sample.peakRssMb).filter((value): value is number => value !== null);
  return {
    client,
    mbPerSecond: median(speeds),
    minMbPerSecond: speeds.length ? Math.min(...speeds) : null,
    maxMbPerSecond: speeds.length ? Math.max(...speeds) : null,
    // A failed upload's peak still counts: it is what the client held before it failed.
    peakRssMb: rss.length ? Math.max(...rss) : null,
    succeeded: good.length,
    failed: mine.length - good.length,
    firstError: mine.find((sample) => !sample.ok)?.error ?? null,
  };
}

/** Median over rounds of (numerator's MB/s ÷ denominator's MB/s in the same round): paired, so noise cancels. */
export function pairedRatio(series: UploadSeries, numerator: ClientName, denominator: ClientName): number | null {
  const ratios: number[] = [];
  for (let round = 0; round < series.rounds; round += 1) {
    const top = series.samples.find((sample) => sample.round === round && sample.client === numerator && sample.ok);
    const bottom = series.samples.find(
      (sample) => sample.round === round && sample.client === denominator && sample.ok,
    );
    if (top?.mbPerSecond && bottom?.mbPerSecond) ratios.push(top.mbPerSecond / bottom.mbPerSecond);
  }
  return median(ratios);
}

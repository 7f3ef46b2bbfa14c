// 6. Whole process, as a user runs it: the built `xfer` CLI (out/cli/xfer.js) from a terminal — prepare +
// send + the wait for processing — against scripts a peer's user would write for the same job (a loop over
// the files, each upload waiting for processing): a 5 MB image, a 300 MB video (20 MB with --quick) and a
// batch of 100 × 2 MB images (10 with --quick) to two accounts. Wall time from the first process's spawn to
// the last one's exit, peak RSS from /usr/bin/time, every upload checked against the sandbox's SHA-256.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateSecretService } from '../../test/setup/secret-service.ts';
import { makeNoisePng } from '../../test/fixtures/media.ts';
import type { Sandbox } from '../../main/core/sandbox/index.ts';
import type { ClientJob } from '../clients/job.ts';
import { builtClient } from '../lib/built-clients.ts';
import { buildCli } from '../lib/built-cli.ts';
import { PYTHON } from '../lib/clients.ts';
import { uploadFiles, WORK_DIR, type UploadFile } from '../lib/files.ts';
import { sha256Of, verifyStored } from '../lib/measure.ts';
import { notMeasured, type Table } from '../lib/report.ts';
import { LOOPBACK, startServers } from '../lib/servers.ts';
import { formatNumber, MIB, median } from '../lib/stats.ts';
import { goal, peakRssGoal, type GoalCheck, type SuiteContext, type SuiteOutput } from '../lib/suite.ts';
import { runTimed, type TimedProcess } from '../lib/timed-process.ts';

type WholeClient = 'xfer' | 'twitter-api-v2' | 'tweepy';
const LABELS: Record<WholeClient, string> = {
  xfer: 'xfer upload (built CLI: prepare + send)',
  'twitter-api-v2': 'twitter-api-v2 script (v1.uploadMedia loop)',
  tweepy: 'tweepy script (media_upload loop)',
};
const ACCOUNTS = ['bench-a', 'bench-b'];
const CLIENTS_DIR = join(import.meta.dirname, '..', 'clients');

interface Job {
  label: string;
  files: UploadFile[];
  rounds: number;
}

interface WholeSample {
  client: WholeClient;
  round: number;
  ok: boolean;
  seconds: number | null;
  peakRssMb: number | null;
  /** Xfer: the most rate-limited upload requests (INIT, APPEND, FINALIZE, one-shot) any one file took, over its budget. */
  worstBudget?: { requests: number; budget: number };
  /** Each process of the job: its command, wall seconds and peak RSS (results.json: where the time went). */
  steps?: { command: string; seconds: number; peakRssMb: number | null }[];
  error?: string;
}

/** Batch images: distinct noise PNGs of ~2.1 MB (1024 × 680 and up: a new spec makes a new file, cached). */
async function batchFiles(count: number): Promise<UploadFile[]> {
  const dir = join(WORK_DIR, 'batch');
  await mkdir(dir, { recursive: true });
  const files: UploadFile[] = [];
  for (let index = 0; index < count; index += 1) {
    const path = await makeNoisePng(dir, { width: 1024, height: 680 + index });
    files.push({
      label: `batch ${index}`,
      path,
      bytes: (await stat(path)).size,
      mediaType: 'image/png',
      mediaCategory: 'tweet_image',
    });
  }
  return files;
}

/** The requests X counts against the per-user budget, per media id, that took effect (2xx), from the sandbox's log. */
function budgetRequests(sandbox: Sandbox): Map<string, number> {
  const counted = new Set(['initialize', 'append', 'finalize', 'upload']);
  const perMedia = new Map<string, number>();
  for (const entry of sandbox.requests()) {
    if (entry.answeredSeq === null || entry.bucket === null || !counted.has(entry.bucket) || entry.mediaId === null)
      continue;
    if (entry.status === null || entry.status >= 300) continue;
    perMedia.set(entry.mediaId, (perMedia.get(entry.mediaId) ?? 0) + 1);
  }
  return perMedia;
}

async function oneRun(
  client: WholeClient,
  job: Job,
  round: number,
  cli: string,
  keychainEnv: NodeJS.ProcessEnv,
): Promise<WholeSample> {
  const first = job.files[0] as UploadFile;
  const servers = await startServers(first, LOOPBACK, false);
  const dataDir = await mkdtemp(join(tmpdir(), 'xfer-bench-whole-'));
  const failed = (error: string, peakRssMb: number | null = null): WholeSample => ({
    client,
    round,
    ok: false,
    seconds: null,
    peakRssMb,
    error,
  });
  try {
    const { sandbox } = servers;
    const users = sandbox.users.slice(0, ACCOUNTS.length);
    if (users.length < ACCOUNTS.length) return failed('the sandbox has fewer than two users');
    const timeoutMs = 60_000 + (job.files.reduce((sum, file) => sum + file.bytes, 0) / MIB / 2) * 1000;
    const steps: (TimedProcess & { command: string })[] = [];
    let uploads: { file: string; mediaId: string | null }[] = [];
    if (client === 'xfer') {
      const env: NodeJS.ProcessEnv = {
        ...keychainEnv,
        XFER_DATA_DIR: dataDir,
        NODE_EXTRA_CA_CERTS: servers.job.caPemPath,
        NO_COLOR: '1',
      };
      const xfer = async (args: string[], extra: NodeJS.ProcessEnv = {}) => ({
        command: `xfer ${args[0]}${args[0] === 'prepare' ? ` (${args.at(-2)})` : ''}`,
        ...(await runTimed(process.execPath, [cli, ...args], { env: { ...env, ...extra }, timeoutMs })),
      });
      // Untimed, as a user does once: add the accounts (secrets to the keychain, checked against the API).
      for (const [index, name] of ACCOUNTS.entries()) {
        const user = users[index]!;
        const added = await xfer(
          ['accounts', 'add', name, '--api-base', sandbox.url, '--consumer-key', sandbox.consumerKey],
          {
            XFER_CONSUMER_SECRET: sandbox.consumerSecret,
            XFER_TOKEN: user.token,
            XFER_TOKEN_SECRET: user.tokenSecret,
          },
        );
        if (added.exitCode !== 0)
          return failed(`accounts add: exit ${added.exitCode}: ${added.stderr.trim().slice(-300)}`);
      }
      const paths = job.files.map((file) => file.path);
      if (paths.length === 1) steps.push(await xfer(['upload', paths[0]!, '--account', ACCOUNTS[0]!, '--json']));
      else {
        // Two accounts: prepare each one's half, then one send of everything (one sender per data folder).
        for (const [index, name] of ACCOUNTS.entries()) {
          const mine = paths.filter((_, position) => position % ACCOUNTS.length === index);
          steps.push(await xfer(['prepare', ...mine, '--account', name, '--json']));
          if (steps.at(-1)!.exitCode !== 0) break;
        }
        if (steps.every((step) => step.exitCode === 0)) steps.push(await xfer(['send', '--all', '--json']));
      }
      const last = steps.at(-1)!;
      const broken = steps.find((step) => step.exitCode !== 0);
      if (broken)
        return failed(`exit ${broken.exitCode}: ${broken.stderr.trim().slice(-300) || broken.stdout.slice(-300)}`);
      const result = JSON.parse(last.stdout) as {
        sessions: { file: string; state: string; media_id: string | null }[];
      };
      const unfinished = result.sessions.find((session) => session.state !== 'succeeded');
      if (unfinished) return failed(`a session ended ${unfinished.state}`);
      uploads = result.sessions.map((session) => ({ file: session.file, mediaId: session.media_id }));
    } else {
      const clientJob: ClientJob = {
        ...servers.job,
        files: job.files.map((file) => file.path),
        users: users.map((user) => ({ token: user.token, tokenSecret: user.tokenSecret })),
      };
      const step =
        client === 'tweepy'
          ? await runTimed(PYTHON, [join(CLIENTS_DIR, 'tweepy_upload.py'), JSON.stringify(clientJob), 'script'], {
              env: { ...process.env, REQUESTS_CA_BUNDLE: servers.job.caPemPath, PYTHONDONTWRITEBYTECODE: '1' },
              timeoutMs,
            })
          : await runTimed(process.execPath, [builtClient('twitter-api-v2-script'), JSON.stringify(clientJob)], {
              timeoutMs,
            });
      steps.push({ command: `${client} script`, ...step });
      const report = JSON.parse(step.stdout.trim().split('\n').at(-1) || '{}') as {
        ok?: boolean;
        error?: string;
        uploads?: { file: string; mediaId: string }[];
      };
      if (!report.ok || !report.uploads)
        return failed(report.error ?? `exit ${step.exitCode}: ${step.stderr.slice(-300)}`);
      uploads = report.uploads;
    }
    const seconds = steps.reduce((sum, step) => sum + step.seconds, 0);
    const rss = steps.map((step) => step.peakRssKb).filter((kb): kb is number => kb !== null);
    const peakRssMb = rss.length > 0 ? Math.max(...rss) / 1024 : null;
    // Outside the clock: every file is on the sandbox, whole, under the id its upload reported.
    if (uploads.length !== job.files.length)
      return failed(`${uploads.length} uploads for ${job.files.length} files`, peakRssMb);
    for (const file of job.files) {
      const upload = uploads.find((candidate) => candidate.file === file.path);
      const problem = await verifyStored(sandbox, upload?.mediaId ?? null, file.path, file.bytes);
      if (problem) return failed(`${file.label}: ${problem}`, peakRssMb);
    }
    const sample: WholeSample = {
      client,
      round,
      ok: true,
      seconds,
      peakRssMb,
      steps: steps.map((step) => ({
        command: step.command,
        seconds: step.seconds,
        peakRssMb: step.peakRssKb === null ? null : step.peakRssKb / 1024,
      })),
    };
    if (client === 'xfer') {
      const requests = budgetRequests(sandbox);
      for (const upload of uploads) {
        const file = job.files.find((candidate) => candidate.path === upload.file)!;
        const budget = Math.ceil(file.bytes / (5 * MIB)) + 2;
        const used = requests.get(upload.mediaId ?? '') ?? 0;
        if (!sample.worstBudget || used - budget > sample.worstBudget.requests - sample.worstBudget.budget)
          sample.worstBudget = { requests: used, budget };
      }
    }
    return sample;
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  } finally {
    await servers.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function secondsOf(samples: WholeSample[], client: WholeClient): number[] {
  return samples.filter((sample) => sample.client === client && sample.ok).map((sample) => sample.seconds as number);
}

/** Median over rounds of (peer's seconds ÷ Xfer's seconds in the same round): how many times faster Xfer is. */
function pairedSpeedup(samples: WholeSample[], peer: WholeClient): number | null {
  const ratios: number[] = [];
  for (const sample of samples) {
    if (sample.client !== 'xfer' || !sample.ok) continue;
    const other = samples.find(
      (candidate) => candidate.client === peer && candidate.round === sample.round && candidate.ok,
    );
    if (other?.seconds && sample.seconds) ratios.push(other.seconds / sample.seconds);
  }
  return median(ratios);
}

export async function wholeProcessSuite(context: SuiteContext): Promise<SuiteOutput> {
  const { args, progress } = context;
  const clients = (['xfer', 'twitter-api-v2', 'tweepy'] as const).filter((client) =>
    args.clients.has(client === 'twitter-api-v2' ? 'twitter-api-v2-v1' : client),
  );
  const rounds = args.rounds ?? (args.quick ? 1 : 3);
  const files = await uploadFiles(args.quick);
  const batch = await batchFiles(args.quick ? 10 : 100);
  const jobs: Job[] = [
    { label: files.image.label, files: [files.image], rounds },
    { label: files.medium.label, files: [files.medium], rounds },
    // The batch is the longest job (tweepy's loop of 100): 2 rounds keep the full run near 20 minutes.
    { label: `${batch.length} × 2 MB images, 2 accounts`, files: batch, rounds: args.rounds ?? (args.quick ? 1 : 2) },
  ];
  const cli = await buildCli();
  // The CLI keeps secrets in the OS keychain only: a private Secret Service (dbus + gnome-keyring in a temp
  // folder), never the developer's own keyring.
  const keychain = await startPrivateSecretService();
  const keychainEnv = { ...keychain.env, XFER_KEYCHAIN_SERVICE: `xfer-bench-${process.pid}` };
  const results: { job: Job; samples: WholeSample[] }[] = [];
  try {
    for (const job of jobs) {
      for (const file of job.files) await sha256Of(file.path); // hashed once, before any clock
      progress(`whole process: ${job.label}, ${job.rounds} round(s), ${clients.join(', ')}`);
      const samples: WholeSample[] = [];
      for (let round = 0; round < job.rounds; round += 1) {
        const order = clients.map((_, index) => clients[(index + round) % clients.length] as WholeClient);
        for (const client of order) {
          const sample = await oneRun(client, job, round, cli, keychainEnv);
          samples.push(sample);
          progress(
            `  ${job.label} round ${round + 1}/${job.rounds} ${client}: ${
              sample.ok
                ? `${sample.seconds?.toFixed(2)} s, peak RSS ${sample.peakRssMb?.toFixed(0)} MB${
                    (sample.steps?.length ?? 0) > 1
                      ? ` (${sample.steps?.map((step) => `${step.command} ${step.seconds.toFixed(2)} s`).join(', ')})`
                      : ''
                  }`
                : `FAILED ${sample.error}`
            }`,
          );
        }
      }
      results.push({ job, samples });
    }
  } finally {
    await keychain.stop();
  }

  const cell = (samples: WholeSample[], client: WholeClient, bytes: number): string => {
    const seconds = secondsOf(samples, client);
    const middle = median(seconds);
    if (middle === null) return notMeasured(samples.find((sample) => sample.client === client)?.error ?? 'not run');
    const spread =
      seconds.length > 1 ? ` (${formatNumber(Math.min(...seconds), 2)}–${formatNumber(Math.max(...seconds), 2)})` : '';
    return `${formatNumber(middle, 2)} s${spread}, ${formatNumber(bytes / MIB / middle)} MB/s`;
  };
  const totalBytes = (job: Job) => job.files.reduce((sum, file) => sum + file.bytes, 0);
  const peak = (samples: WholeSample[], client: WholeClient) => {
    const values = samples.filter((sample) => sample.client === client).map((sample) => sample.peakRssMb);
    const known = values.filter((value): value is number => value !== null);
    return known.length > 0 ? Math.max(...known) : null;
  };
  const tables: Table[] = [
    {
      title: `Whole process — wall seconds from a terminal, prepare + send + processing (median of ${results.map(({ job }) => job.rounds).join(' / ')} rounds, min–max)`,
      headers: ['client', ...results.map(({ job }) => job.label)],
      rows: [
        ...clients.map((client) => [
          LABELS[client],
          ...results.map(({ job, samples }) => cell(samples, client, totalBytes(job))),
        ]),
        ...clients
          .filter((client) => client !== 'xfer' && clients.includes('xfer'))
          .map((peer) => [
            `xfer ÷ ${peer} (how many times faster)`,
            ...results.map(({ samples }) => {
              const value = pairedSpeedup(samples, peer);
              return value === null ? '—' : `${value.toFixed(2)} ×`;
            }),
          ]),
      ],
      notes: [
        'Every process is started fresh and timed from spawn to exit (start-up and shutdown included); xfer’s batch is `xfer prepare` (account A’s half), `xfer prepare` (B’s half) and `xfer send --all`, timed together. Adding the accounts (`xfer accounts add`, once, as a user does) is not timed.',
        'The peers are scripts as their users would write them: a loop over the files, each upload waiting for processing; file i goes to account i mod 2. tweepy uses media_upload(chunked=True): the sandbox has no v1.1 simple upload.',
        'The sandbox is the bench’s (TLS on 127.0.0.1, processing 100 ms, so each video waits for one STATUS: X says check_after_secs ≥ 1). Every upload counted only after the sandbox’s SHA-256 matched the file’s.',
      ],
    },
    {
      title: 'Whole process — peak RSS, MB (/usr/bin/time, highest process of the job over rounds)',
      headers: ['client', ...results.map(({ job }) => job.label)],
      rows: clients.map((client) => [
        LABELS[client],
        ...results.map(({ samples }) => formatNumber(peak(samples, client), 0)),
      ]),
      notes: ['ru_maxrss of each process the job ran (xfer’s batch: the highest of its three commands).'],
    },
  ];

  const goals: GoalCheck[] = [];
  if (clients.includes('xfer')) {
    const [image, video, many] = results;
    const speedGoal = (
      entry: (typeof results)[number] | undefined,
      peer: WholeClient,
      minimum: number,
      what: string,
    ) => {
      if (!entry || !clients.includes(peer)) return;
      goals.push(
        goal(
          `Whole process: xfer ≥ ${minimum} × ${peer} (${what})`,
          pairedSpeedup(entry.samples, peer),
          (value) => `${value.toFixed(2)} ×`,
          (value) => value >= minimum,
        ),
      );
    };
    speedGoal(image, 'tweepy', 1.5, image?.job.label ?? '');
    speedGoal(image, 'twitter-api-v2', 1.5, image?.job.label ?? '');
    speedGoal(video, 'tweepy', 2.5, `${video?.job.label}, waiting for processing`);
    speedGoal(many, 'tweepy', 3, `${many?.job.label}, tweepy’s loop`);
    goals.push(
      peakRssGoal(
        'Whole process: xfer (every job),',
        results.map(({ samples }) => peak(samples, 'xfer')),
      ),
    );
    const xferSamples = results.flatMap(({ samples }) =>
      samples.filter((sample) => sample.client === 'xfer' && sample.ok),
    );
    const worst = xferSamples
      .map((sample) => sample.worstBudget)
      .filter((entry): entry is { requests: number; budget: number } => entry !== undefined)
      .reduce<{ requests: number; budget: number } | null>(
        (top, entry) => (top === null || entry.requests - entry.budget > top.requests - top.budget ? entry : top),
        null,
      );
    goals.push(
      goal(
        'Rate-limit budget per file ≤ ceil(size / 5 MiB) + 2 requests (xfer, whole process, retries aside)',
        worst === null ? null : worst.requests - worst.budget,
        () => `worst file: ${worst?.requests} requests of a budget of ${worst?.budget}`,
        (excess) => excess <= 0,
      ),
    );
    const all = results.flatMap(({ samples }) => samples);
    goals.push({
      goal: 'Every upload verified by the sandbox’s SHA-256 (whole process, every client)',
      measured: `${all.filter((sample) => sample.ok).length} of ${all.length} runs verified`,
      met: all.every((sample) => sample.ok),
    });
  }
  return {
    tables,
    goals,
    data: results.map(({ job, samples }) => ({ job: job.label, files: job.files.length, samples })),
  };
}

// npm run bench: Xfer against the physical limit (a raw streaming POST) and the peers (twitter-api-v2,
// tweepy), side by side in one run; then validation and ledger speed. Prints the tables and writes
// bench/results.json (every sample) and bench/results.md (the tables for README.md). See bench/README.md.
// Only a full run writes those two: a run cut down by --only, --quick or --rounds writes its own pair under
// bench/work, so a quick re-check of one suite never replaces the committed full run's figures.
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs, resultPaths, USAGE, type SuiteName } from './lib/args.ts';
import { buildClients } from './lib/built-clients.ts';
import { WORK_DIR } from './lib/files.ts';
import { machineInfo } from './lib/machine.ts';
import { renderTable, type Table } from './lib/report.ts';
import type { GoalCheck, SuiteContext, SuiteOutput } from './lib/suite.ts';
import { adaptiveSuite } from './suites/adaptive.ts';
import { coldStartSuite } from './suites/cold-start.ts';
import { latencySuite } from './suites/latency.ts';
import { convertSuite } from './suites/convert.ts';
import { faultsSuite } from './suites/faults.ts';
import { hashesSuite } from './suites/hashes.ts';
import { ledgerSuite } from './suites/ledger.ts';
import { throughputSuite } from './suites/throughput.ts';
import { validationSuite } from './suites/validation.ts';
import { wholeProcessSuite } from './suites/whole-process.ts';

const args = (() => {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
})();
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const started = new Date();
const loadAtStart = loadavg();
await mkdir(WORK_DIR, { recursive: true });
await buildClients();
const context: SuiteContext = { args, progress: (line) => process.stderr.write(`${line}\n`) };
const outputs: Partial<Record<SuiteName | 'throughput+memory', SuiteOutput>> = {};
const has = (name: SuiteName) => args.suites.has(name);

async function guarded(name: string, work: () => Promise<SuiteOutput>): Promise<SuiteOutput> {
  try {
    return await work();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.progress(`${name}: FAILED ${error instanceof Error ? error.stack : reason}`);
    return {
      tables: [{ title: name, headers: ['result'], rows: [[`not measured: ${reason}`]], notes: [] }],
      goals: [],
      data: { error: reason },
    };
  }
}

if (has('throughput') || has('memory'))
  outputs['throughput+memory'] = await guarded('throughput', () => throughputSuite(context, has('throughput')));
if (has('latency')) outputs.latency = await guarded('latency', () => latencySuite(context));
if (has('concurrency') && args.clients.has('xfer'))
  outputs.concurrency = await guarded('concurrency', () => adaptiveSuite(context));
if (has('validation')) outputs.validation = await guarded('validation', () => validationSuite(context));
if (has('ledger')) outputs.ledger = await guarded('ledger', () => ledgerSuite(context));
if (has('convert')) outputs.convert = await guarded('convert', () => convertSuite(context));
if (has('faults')) outputs.faults = await guarded('faults', () => faultsSuite(context));
if (has('hashes')) outputs.hashes = await guarded('hashes', () => hashesSuite(context));
if (has('whole-process')) outputs['whole-process'] = await guarded('whole-process', () => wholeProcessSuite(context));
if (has('cold-start')) outputs['cold-start'] = await guarded('cold-start', () => coldStartSuite(context));

const machine = machineInfo();
const finished = new Date();
const tables: Table[] = Object.values(outputs).flatMap((output) => output?.tables ?? []);
const goals: GoalCheck[] = Object.values(outputs).flatMap((output) => output?.goals ?? []);
if (goals.length > 0) {
  tables.push({
    title: 'Goals',
    headers: ['goal', 'measured', 'met'],
    rows: goals.map((check) => [
      check.goal,
      check.measured,
      check.met === null ? 'not measured' : check.met ? 'yes' : 'NO',
    ]),
    notes: [],
  });
}
const minutes = ((finished.getTime() - started.getTime()) / 60_000).toFixed(1);
const header = [
  `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${minutes} min${args.quick ? ' (--quick: smaller files, fewer rounds)' : ''}`,
  `on ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${machine.node}`,
  `(load average at start ${loadAtStart.map((value) => value.toFixed(1)).join(' / ')}).`,
].join(' ');
const markdown = `${header}\n\n${tables.map(renderTable).join('\n\n')}\n`;
process.stdout.write(`\n${markdown}`);

const { markdownPath, jsonPath } = resultPaths(args, { benchDir: import.meta.dirname, workDir: WORK_DIR });
await writeFile(markdownPath, markdown);
await writeFile(
  jsonPath,
  `${JSON.stringify(
    {
      date: started.toISOString(),
      finished: finished.toISOString(),
      machine: { ...machine, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg() },
      args: { quick: args.quick, suites: [...args.suites], clients: [...args.clients], rounds: args.rounds },
      goals,
      suites: Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output?.data])),
    },
    null,
    2,
  )}\n`,
);
process.stderr.write(`wrote ${jsonPath} and ${markdownPath}\n`);

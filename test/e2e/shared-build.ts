// One renderer build per test run, shared by the e2e files: vitest's forks share a parent process,
// so its pid names the run. The first file to create the folder builds; the others wait for it.
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildHarness } from '../../main/launcher/build.ts';

const PREFIX = 'xfer-e2e-build-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Builds from earlier runs whose process is gone. */
async function removeStaleBuilds(): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const pid = Number(name.slice(PREFIX.length));
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && !alive(pid)) {
      await rm(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/** Another test file is building: wait for its done marker. */
async function waitFor(done: string, out: string): Promise<string> {
  for (let waited = 0; waited < 300_000; waited += 250) {
    if (await stat(done).catch(() => null)) return out;
    await sleep(250);
  }
  throw new Error(`the shared e2e build at ${out} did not finish`);
}

/** The out root holding renderer/ and harness/ for this run. */
export async function sharedBuild(): Promise<string> {
  const root = join(tmpdir(), `${PREFIX}${process.ppid}`);
  const out = join(root, 'out');
  const done = join(root, 'done');
  try {
    await mkdir(root);
  } catch (thrown) {
    if ((thrown as { code?: string }).code !== 'EEXIST') throw thrown;
    return waitFor(done, out);
  }
  try {
    await removeStaleBuilds();
    await buildHarness(out);
    await writeFile(done, '');
    return out;
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

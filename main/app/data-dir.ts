// The data dir must exist and be writable before anything opens files in it; if it is not,
// that is an environment problem (exit 3 in the CLI), said in plain words.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fail } from '../common/errors.ts';

/**
 * Creates the folder level by level. Node's `mkdir({recursive:true})` spins forever on some
 * pseudo file systems (e.g. a path under /proc), so the walk is done here.
 */
async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      if (!(await stat(current)).isDirectory()) {
        throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      }
      break;
    } catch (thrown) {
      if ((thrown as { code?: string }).code !== 'ENOENT') throw thrown;
      missing.unshift(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const folder of missing) await mkdir(folder, { mode: 0o700 });
}

export async function ensureDataDir(dataDir: string): Promise<void> {
  try {
    await makeFolders(dataDir);
    await access(dataDir, constants.W_OK);
  } catch (thrown) {
    const code = (thrown as { code?: string }).code ?? 'unknown error';
    fail(
      'environment',
      `The data folder ${dataDir} is not writable (${code}); choose another with --data-dir or XFER_DATA_DIR`,
    );
  }
}

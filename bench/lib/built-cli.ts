// The xfer CLI as the package ships it: `npm run build:cli` (cli.vite.config.ts → out/cli/xfer.js, what `bin`
// points at and `prepack` builds). Built once per bench run, so the whole-process and cold-start rows always
// measure the sources at hand, never a stale bundle.
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const BUILT_CLI = join(ROOT, 'out', 'cli', 'xfer.js');

let built: Promise<string> | null = null;

export function buildCli(): Promise<string> {
  built ??= (async () => {
    const cwd = process.cwd();
    // The config resolves its entry against the working directory, as `npm run build:cli` runs it.
    process.chdir(ROOT);
    try {
      await build({ configFile: join(ROOT, 'cli.vite.config.ts'), root: ROOT, logLevel: 'warn' });
    } finally {
      process.chdir(cwd);
    }
    return BUILT_CLI;
  })();
  return built;
}

// The Node clients run as bundled JavaScript, the way the app's main process ships (electron-vite bundles
// it; npm dependencies stay external and load from node_modules). Run from their TypeScript sources, each
// process would also carry Node's type stripper (~20 MB) and compile every module at start, which no
// shipped Xfer does and no peer's user would. Built once per bench run, with the same bundler as the app.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { WORK_DIR } from './files.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLIENTS_DIR = join(ROOT, 'bench', 'clients');
const BUILT_DIR = join(WORK_DIR, 'built-clients');

/** The Node clients the bench starts (scripts in bench/clients without their .ts). */
export const NODE_CLIENTS = [
  'xfer',
  'raw',
  'twitter-api-v2',
  'twitter-api-v2-script',
  'validate-many',
  'convert',
  'faults-batch',
] as const;
export type NodeClient = (typeof NODE_CLIENTS)[number];

let built: Promise<void> | null = null;

export function buildClients(): Promise<void> {
  built ??= (async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const packages = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      build: {
        ssr: true,
        outDir: BUILT_DIR,
        emptyOutDir: true,
        minify: false,
        target: 'node24',
        rollupOptions: {
          input: Object.fromEntries(NODE_CLIENTS.map((name) => [name, join(CLIENTS_DIR, `${name}.ts`)])),
          external: [...builtinModules, /^node:/, ...packages, new RegExp(`^(${packages.join('|')})/`)],
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    });
  })();
  return built;
}

/** The built script of a client; buildClients() must have run. */
export function builtClient(name: NodeClient): string {
  return join(BUILT_DIR, `${name}.js`);
}

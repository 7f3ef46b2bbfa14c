// Build tooling (not shipped): builds what web mode serves, the renderer (with its own vite
// config) and the page-side bridge.
// Tests build into their own directory so parallel test files never share an output folder.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPaths, type BuiltWeb } from '../harness/layout.ts';

const repo = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export const DEFAULT_OUT = join(repo, 'out');

/** Everything web mode serves: the renderer and the bridge. */
export async function buildHarness(outRoot = DEFAULT_OUT): Promise<BuiltWeb> {
  // vite is a dev dependency: loaded only when a build is asked for.
  const { build, mergeConfig } = await import('vite');
  const { rendererConfig } = await import('../../renderer/vite.config.ts');
  const paths = builtPaths(outRoot);
  await build(
    mergeConfig(rendererConfig, {
      configFile: false,
      logLevel: 'warn',
      // Rolldown's plugin-timings report is for whoever tunes the build: on a busy machine it printed ten
      // lines between `npm run web` and the URL the user is waiting for. (Not in rendererConfig: electron-vite
      // then demands an explicit input.)
      build: { outDir: paths.rendererDir, rolldownOptions: { checks: { bundlerTimings: false } } },
    }),
  );
  await buildBridge(outRoot);
  return paths;
}

/** Only the page-side bridge (`npm start` falling back to web mode already has electron-vite's renderer). */
export async function buildBridge(outRoot = DEFAULT_OUT): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repo,
    build: {
      outDir: join(outRoot, 'harness'),
      emptyOutDir: true,
      target: 'es2023',
      minify: false,
      lib: { entry: join(repo, 'main/harness/bridge-entry.ts'), formats: ['es'], fileName: () => 'bridge.js' },
    },
  });
}

/** `electron-vite build`: main, preload and renderer into out/ (what Electron and electron-builder run). */
export async function buildApp(): Promise<void> {
  const { spawn } = await import('node:child_process');
  const cli = join(repo, 'node_modules/electron-vite/bin/electron-vite.js');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'build'], { cwd: repo, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`electron-vite build failed (exit ${code})`);
}

export const REPO_ROOT = repo;

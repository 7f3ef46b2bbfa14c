// Build tooling (not shipped): builds what web mode serves, the renderer (with its own vite
// config) and the page-side bridge.
// Tests build into their own directory so parallel test files never share an output folder.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPaths, type BuiltWeb } from '../harness/layout.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_OUT = join(repo, 'out');

export async function buildHarness(outRoot = DEFAULT_OUT): Promise<BuiltWeb> {
  // vite is a dev dependency: loaded only when a build is asked for.
  const { build, mergeConfig } = await import('vite');
  const { rendererConfig } = await import('../../renderer/vite.config.ts');
  const paths = builtPaths(outRoot);
  await build(
    mergeConfig(rendererConfig, {
      configFile: false,
      logLevel: 'warn',
      build: { outDir: paths.rendererDir },
    }),
  );
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
  return paths;
}

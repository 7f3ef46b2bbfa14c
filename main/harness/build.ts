// Builds what the harness serves: the renderer (with its own vite config) and the page-side bridge.
// Tests build into their own directory so parallel test files never share an output folder.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_OUT = join(repo, 'out');

export interface BuiltHarness {
  /** The renderer's build: index.html and assets/. */
  rendererDir: string;
  /** The bridge module the harness injects before the renderer's script. */
  bridgeFile: string;
}

export function builtPaths(outRoot = DEFAULT_OUT): BuiltHarness {
  return { rendererDir: join(outRoot, 'renderer'), bridgeFile: join(outRoot, 'harness', 'bridge.js') };
}

export async function buildHarness(outRoot = DEFAULT_OUT): Promise<BuiltHarness> {
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

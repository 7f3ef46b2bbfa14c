// Web mode as a person starts it (`npm run web`, or `npm start` without an Electron binary):
// build what is missing, serve the real app, print the URL with its token, stop cleanly on a signal.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { realApp } from '../harness/real-app.ts';
import { startHarness } from '../harness/server.ts';
import { builtPaths } from '../harness/layout.ts';
import { buildHarness, DEFAULT_OUT } from './build.ts';

export interface WebModeOptions {
  dataDir: string;
  port: number;
  rebuild?: boolean;
  outRoot?: string;
  log?: (line: string) => void;
}

export async function runWebMode(options: WebModeOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const outRoot = options.outRoot ?? DEFAULT_OUT;
  const paths = builtPaths(outRoot);
  if (options.rebuild || !existsSync(join(paths.rendererDir, 'index.html')) || !existsSync(paths.bridgeFile)) {
    log('Building the renderer and the web-mode bridge…');
    await buildHarness(outRoot);
  }
  const harness = await startHarness({
    dataDir: options.dataDir,
    outRoot,
    port: options.port,
    createApp: realApp(),
  });
  if (harness.portWasTaken) log(`Port ${options.port} is taken (another Xfer?), so this one uses ${harness.origin}.`);
  log(`Xfer web mode (data in ${options.dataDir}); open this URL, token included:`);
  log(`  ${harness.url}`);
  const stop = () => {
    void harness.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

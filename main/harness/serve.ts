// `npm run web`: builds the renderer if needed, starts the harness on 127.0.0.1 and prints its URL.
// Flags: --port N, --data-dir DIR (default .xfer-dev/), --build (rebuild), --test-mode (control API).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildHarness, builtPaths } from './build.ts';
import { startHarness } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5178' },
    'data-dir': { type: 'string', default: '.xfer-dev' },
    build: { type: 'boolean', default: false },
    'test-mode': { type: 'boolean', default: false },
  },
});

const paths = builtPaths();
if (values.build || !existsSync(resolve(paths.rendererDir, 'index.html')) || !existsSync(paths.bridgeFile)) {
  console.log('Building the renderer and the harness bridge…');
  await buildHarness();
}

const harness = await startHarness({
  dataDir: resolve(values['data-dir']),
  port: Number(values.port),
  testMode: values['test-mode'],
});
console.log(`Xfer web harness: ${harness.url}`);

const stop = () => {
  void harness.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

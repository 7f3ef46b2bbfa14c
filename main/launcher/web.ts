// `npm run web`: builds the renderer if needed, starts web mode on 127.0.0.1 and prints its URL
// (with this launch's token). Flags: --port N (taken → another), --data-dir DIR (default .xfer-dev/),
// --build (rebuild). There is no test mode here: the control API exists only when tests start the harness.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runWebMode } from './web-mode.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5178' },
    'data-dir': { type: 'string', default: '.xfer-dev' },
    build: { type: 'boolean', default: false },
  },
});

await runWebMode({ dataDir: resolve(values['data-dir']), port: Number(values.port), rebuild: values.build });

#!/usr/bin/env node
// `xfer` from the repository: Node 24 runs the TypeScript sources directly (type stripping). The tests and
// `npm run sandbox` use it; the packed package runs the bundle out/cli/xfer.js instead (cli.vite.config.ts).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`xfer needs Node.js 24 or newer (this is ${process.version}).\n`);
  process.exit(3);
}
const { runFromProcess } = await import('../main/cli/main.ts');
await runFromProcess();

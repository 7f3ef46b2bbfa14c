// The entry of the built `xfer` (out/cli/xfer.js, what `bin` points at once packed). It is plain
// JavaScript, so an older Node gets this clear message instead of a syntax or `node:sqlite` error.
import { enableCompileCache } from 'node:module';

const [major = 0] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`xfer needs Node.js 24 or newer (this is ${process.version}).\n`);
  process.exit(3);
}
// Node keeps the compiled bundle in its on-disk cache (the OS temp dir), so the second start skips parsing.
enableCompileCache();
const { runFromProcess } = await import('./main.ts');
await runFromProcess();

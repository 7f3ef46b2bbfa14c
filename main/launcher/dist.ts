// `npm run dist`: builds, then packages with electron-builder around the binary Electron's own
// resolver gives (electronDist), so packaging uses the same Electron `npm start` runs. No binary:
// fail with the reason. Arguments go to electron-builder (e.g. `npm run dist -- --linux AppImage`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, REPO_ROOT } from './build.ts';
import { runChild } from './child.ts';
import { electronDistDir, resolveElectron } from './electron-binary.ts';

const electron = await resolveElectron(REPO_ROOT);
if (!electron.ok) {
  console.error(`xfer dist: cannot package: ${electron.reason}.`);
  process.exit(1);
}
await buildApp();
const version = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;
const cli = join(REPO_ROOT, 'node_modules/electron-builder/cli.js');
const args = [`--config.electronDist=${electronDistDir(electron.path)}`, `--config.electronVersion=${version}`];
process.exit(await runChild(process.execPath, [cli, ...args, ...process.argv.slice(2)], { cwd: REPO_ROOT }));

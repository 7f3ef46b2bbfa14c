// `npm run dev`: electron-vite's dev server with hot reload, on the binary Electron's own resolver
// gives (electron-vite 6 looks only for node_modules/electron/path.txt, which Electron 42+ writes
// lazily: its issue #904; ELECTRON_EXEC_PATH is the variable it honours). No binary: say why, exit 1.
import { join } from 'node:path';
import { REPO_ROOT } from './build.ts';
import { runChild } from './child.ts';
import { resolveElectron } from './electron-binary.ts';

const electron = await resolveElectron(REPO_ROOT);
if (!electron.ok) {
  console.error(`xfer dev: ${electron.reason}. Without Electron, \`npm run web\` serves the app in a browser.`);
  process.exit(1);
}
const cli = join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
const env = { ...process.env, ELECTRON_EXEC_PATH: electron.path };
process.exit(await runChild(process.execPath, [cli, 'dev', ...process.argv.slice(2)], { cwd: REPO_ROOT, env }));

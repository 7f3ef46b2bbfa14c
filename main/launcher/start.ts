// `npm start`: builds the app, gets the Electron binary through Electron's own resolver (which
// downloads it on first use) and opens the app. Where there is no binary (no network, a blocked
// download, a platform without builds) it says why in one line and serves the same app in web
// mode at a printed URL instead. Arguments after `--` go to Electron.
import { resolveDataDir } from '../cli/data-dir.ts';
import { buildApp, buildBridge, DEFAULT_OUT, REPO_ROOT } from './build.ts';
import { runChild } from './child.ts';
import { resolveElectron } from './electron-binary.ts';
import { runWebMode } from './web-mode.ts';

const WEB_PORT = 5178;

await buildApp();
const electron = await resolveElectron(REPO_ROOT);
if (electron.ok) {
  // The project folder: Electron reads package.json, whose "main" is the built out/main/index.js.
  process.exit(await runChild(electron.path, [REPO_ROOT, ...process.argv.slice(2)], { cwd: REPO_ROOT }));
}
console.log(`Xfer: ${electron.reason}, so Xfer runs in web mode in your browser instead.`);
await buildBridge(DEFAULT_OUT);
await runWebMode({ dataDir: resolveDataDir(null, process.env), port: WEB_PORT, outRoot: DEFAULT_OUT });

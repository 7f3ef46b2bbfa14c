// The Electron binary, found the way Electron itself finds it: `require('electron')` in Node
// returns the executable's path and, since Electron 42, downloads the binary on first use
// (node_modules/electron/index.js runs its install.js when dist/ is missing; it honours
// ELECTRON_OVERRIDE_DIST_PATH, ELECTRON_MIRROR and the other @electron/get settings). It runs in a
// child process so a failed download becomes one line here, not a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

const RESOLVE = "process.stdout.write('\\n' + require('electron'))";

/** The most telling line of a failed resolve: the download's own error, else the resolver's. */
function reasonFrom(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  const download = lines.find(
    (line) => /^(\w*Error|HTTPError|RequestError)\b.*:/.test(line) && !line.includes('Electron failed'),
  );
  const resolver = lines.find((line) => line.startsWith('Error: ') || line.includes('Electron failed to install'));
  const cause = download ?? resolver?.replace(/^Error: /, '') ?? (lines.find(Boolean) || 'no reason given');
  return cause.length > 200 ? `${cause.slice(0, 200)}…` : cause;
}

export async function resolveElectron(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ElectronBinary> {
  const child = spawn(process.execPath, ['-e', RESOLVE], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      stderr += `${error.message}\n`;
      resolve(1);
    });
    child.once('close', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) return { ok: false, reason: `no Electron binary (getting it failed: ${reasonFrom(stderr)})` };
  const path = stdout.split('\n').at(-1)?.trim() ?? '';
  if (!path || !existsSync(path))
    return {
      ok: false,
      reason: `no Electron binary (Electron's resolver named ${path || 'no file'}, which does not exist)`,
    };
  return { ok: true, path };
}

/** The folder electron-builder's electronDist wants: the one holding the binary (or Electron.app on macOS). */
export function electronDistDir(binary: string): string {
  const app = binary.indexOf('.app/Contents/MacOS/');
  return app === -1 ? dirname(binary) : dirname(binary.slice(0, app + '.app'.length));
}

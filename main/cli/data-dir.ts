// Where Xfer keeps its ledger and preferences: --data-dir, then XFER_DATA_DIR, then the
// OS app-data folder (the same one Electron's app.getPath('userData') picks for "xfer").
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string = homedir()): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'xfer');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'xfer');
  const config =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(config, 'xfer');
}

export function resolveDataDir(
  flag: string | null,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  const chosen = flag ?? (env.XFER_DATA_DIR || null);
  return chosen ? resolve(chosen) : defaultDataDir(platform, env);
}

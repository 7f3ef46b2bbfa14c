// Gives a test file a real, private Secret Service: its own session bus and an unlocked
// gnome-keyring whose files live in a temporary folder.
//
// Why always private (even when the shell already has a bus): tests must never write into the
// developer's own login keyring, and a bus from a bare `dbus-run-session` has no unlocked keyring
// (D-Bus activation starts a locked gnome-keyring whose unlock prompt is dismissed), so reusing
// it would fail anyway. `npm test` therefore behaves the same inside `dbus-run-session` and from
// a bare shell.
//
// Why it must run before the first keychain call in the process: @napi-rs/keyring's Secret
// Service store goes through libdbus, which reads DBUS_SESSION_BUS_ADDRESS once per process and
// caches it (verified: changing the variable afterwards has no effect on `Entry`; only
// `findCredentials`, which uses zbus, re-reads it). Vitest's forks pool gives each test file its
// own process, so calling this in a file's `beforeAll` is early enough.
//
// On macOS and Windows the OS keychain needs no setup: the helper does nothing there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateSecretService {
  /** The bus address the test process now uses (null off Linux). */
  address: string | null;
  /** The environment a child process needs to reach the same keyring. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const KEYRING_PASSWORD = 'xfer-test-keyring';

export async function startPrivateSecretService(): Promise<PrivateSecretService> {
  if (process.platform !== 'linux') {
    return { address: null, env: { ...process.env }, stop: async () => {} };
  }
  const folder = await mkdtemp(join(tmpdir(), 'xfer-secret-service-'));
  const children: ChildProcess[] = [];
  const previousAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
  // If the test process dies without reaching afterAll, its daemons must not outlive it.
  const killOnExit = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    for (const child of children.reverse()) await terminate(child);
    if (previousAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = previousAddress;
    await rm(folder, { recursive: true, force: true });
  };
  try {
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(bus);
    const address = await firstLine(bus);
    // The keyring's files and control socket go in the temporary folder, never in $HOME.
    const daemonEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_DATA_HOME: join(folder, 'data'),
      XDG_RUNTIME_DIR: folder,
      XDG_CONFIG_HOME: join(folder, 'config'),
      HOME: folder,
    };
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: daemonEnv,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.push(keyring);
    // --unlock reads the password from stdin up to EOF; a fresh data folder means it creates
    // the default "login" collection with that password, already unlocked.
    keyring.stdin?.end(KEYRING_PASSWORD);
    await waitForName(address, 'org.freedesktop.secrets');
    process.env.DBUS_SESSION_BUS_ADDRESS = address;
    return { address, env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      buffered += text;
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end).trim());
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before printing its address`)));
  });
}

/** Polls the bus until `name` has an owner: gnome-keyring claims it once the collection is ready. */
async function waitForName(address: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const probe = spawnSync(
      'dbus-send',
      [
        `--bus=${address}`,
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        `string:${name}`,
      ],
      { encoding: 'utf8' },
    );
    if (probe.status === 0 && /boolean true/.test(probe.stdout)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} never appeared on the private bus ${address}`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

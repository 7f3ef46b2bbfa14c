// The built-in sandbox account's X: the local emulator, started on first need on 127.0.0.1 (a
// random port) so a fresh install can try everything without X credentials. Its state lives in
// memory, so it lasts as long as this process: in the CLI that is one command (an upload that
// spans two commands starts over with a new INIT, which the engine does on "media id not found");
// `xfer sandbox` runs a long-lived one for anything else.
import type { AccountRegistry } from '../core/accounts/registry.ts';
import type { SandboxConnection } from '../core/accounts/sandbox-account.ts';
import type { Sandbox, SandboxOptions } from '../core/sandbox/index.ts';

/** 'embedded': start our own; 'off': no sandbox; a connection: one already running elsewhere. */
export type SandboxChoice = 'embedded' | 'off' | SandboxConnection;

export interface SandboxControl {
  /** The origin when running (or given), else null. */
  url(): string | null;
  /** Starts the embedded sandbox once and registers the built-in account; null when 'off'. */
  ensure(): Promise<string | null>;
  /** The embedded emulator itself (tests and the web harness's offline switch), once started. */
  instance(): Sandbox | null;
  /** Cuts (or restores) every connection to the embedded sandbox, as when the network goes away. */
  setOnline(online: boolean): Promise<void>;
  close(): Promise<void>;
}

export function sandboxControl(
  choice: SandboxChoice,
  accounts: AccountRegistry,
  options: SandboxOptions = {},
): SandboxControl {
  let running: Sandbox | null = null;
  let starting: Promise<string | null> | null = null;
  if (typeof choice === 'object') accounts.ensureSandboxAccount(choice);

  const ensure = (): Promise<string | null> => {
    if (choice === 'off') return Promise.resolve(null);
    if (typeof choice === 'object') return Promise.resolve(choice.url);
    // Imported on first need: a command that never touches the sandbox account does not load it.
    starting ??= import('../core/sandbox/sandbox.ts')
      .then(({ startSandbox }) => startSandbox({ host: '127.0.0.1', ...options }))
      .then((sandbox) => {
        running = sandbox;
        const connection = {
          url: sandbox.url,
          consumerKey: sandbox.consumerKey,
          consumerSecret: sandbox.consumerSecret,
          users: sandbox.users,
        };
        // Our own emulator: its demo credentials are valid for as long as it runs.
        accounts.ensureSandboxAccount(connection, { verified: true });
        return sandbox.url;
      });
    return starting;
  };

  return {
    url: () => (typeof choice === 'object' ? choice.url : (running?.url ?? null)),
    ensure,
    instance: () => running,
    async setOnline(online) {
      if (choice !== 'embedded') return;
      await ensure();
      running?.setOnline(online);
    },
    async close() {
      const sandbox = running ?? (starting ? await starting.then(() => running).catch(() => null) : null);
      running = null;
      await sandbox?.close();
    },
  };
}

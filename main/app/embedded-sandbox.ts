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
  /** Starts the embedded sandbox once and registers the built-in account; null when 'off'. Rejects when it cannot start. */
  ensure(): Promise<string | null>;
  /** Starts it in the background (the app's composition root); a failure is kept for problem(), not thrown. */
  start(): void;
  /** Resolves when a start under way has ended (started or failed); starts nothing. For queries. */
  whenSettled(): Promise<void>;
  /** Why the last start failed (e.g. its port is taken), until a start succeeds; null otherwise. */
  problem(): string | null;
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
  let failure: string | null = null;
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
        failure = null;
        return sandbox.url;
      })
      .catch((thrown: unknown) => {
        failure = `The built-in sandbox could not start: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
        starting = null; // the next use tries again
        throw thrown;
      });
    return starting;
  };

  return {
    url: () => (typeof choice === 'object' ? choice.url : (running?.url ?? null)),
    ensure,
    start() {
      // Not a silent catch: the failure is kept (problem()) and shown by app:info.
      ensure().catch(() => undefined);
    },
    problem: () => failure,
    whenSettled: async () => {
      await starting?.catch(() => undefined); // the failure is in problem()
    },
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

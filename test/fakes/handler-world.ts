// One app behind the IPC contract, for a test of its own: fresh services in a fresh data folder (the
// embedded sandbox started, as the composition root does), the real handlers through the contract's
// dispatcher, and recording ports. Every response and pushed event is kept, so a test can search them
// (for secrets, say); every channel dispatched is added to `exercised`, if given.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers } from '../../main/app/handlers.ts';
import { openServices, type Services, type ServicesOptions } from '../../main/app/services.ts';
import type { Result } from '../../main/common/errors.ts';
import type { AccountView, Channel, Events, NavigateTarget, RequestOf, ResponseOf } from '../../main/ipc/contract.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { createDispatcher, type Dispatch } from '../../main/ipc/handle.ts';
import { InMemorySecretStore } from './secret-store.ts';

export interface RecordingPorts {
  picks: string[][];
  opened: string[];
  clipboard: string[];
  notifications: { title: string; body: string; target?: NavigateTarget }[];
  /** Web mode's staged uploads, by staged id. */
  staged: Map<string, string>;
  pickFiles(): Promise<string[]>;
  stagedFile(stagedId: string): string | null;
  openExternal(url: string): Promise<void>;
  writeClipboard(text: string): void;
  notify(title: string, body: string, target?: NavigateTarget): void;
}

export interface HandlerWorld {
  /** A scratch folder of this world's own (the data folder is `data/` in it). */
  dir: string;
  services: Services;
  ports: RecordingPorts;
  events: { event: keyof Events; payload: unknown }[];
  responses: unknown[];
  /** Straight to the dispatcher, as a payload the contract's types would not allow arrives. */
  dispatch: Dispatch;
  call<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** As call, and throws unless the answer is ok. */
  ok<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<ResponseOf<C>>;
  /** The built-in sandbox account. */
  sandboxAccount(): Promise<AccountView>;
  close(): Promise<void>;
}

export function recordingPorts(): RecordingPorts {
  const ports: RecordingPorts = {
    picks: [],
    opened: [],
    clipboard: [],
    notifications: [],
    staged: new Map(),
    pickFiles: async () => ports.picks.shift() ?? [],
    stagedFile: (stagedId) => ports.staged.get(stagedId) ?? null,
    openExternal: async (url) => void ports.opened.push(url),
    writeClipboard: (text) => void ports.clipboard.push(text),
    notify: (title, body, target) => void ports.notifications.push({ title, body, ...(target && { target }) }),
  };
  return ports;
}

export async function openHandlerWorld(
  options: { exercised?: Set<Channel>; services?: Partial<Omit<ServicesOptions, 'dataDir'>> } = {},
): Promise<HandlerWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'xfer-handler-world-'));
  const services = await openServices({
    dataDir: join(dir, 'data'),
    secretStore: new InMemorySecretStore(),
    startSandbox: true,
    ...options.services,
  });
  const hub = new EventHub();
  const events: HandlerWorld['events'] = [];
  const responses: unknown[] = [];
  hub.subscribe((event, payload) => events.push({ event, payload }));
  const ports = recordingPorts();
  const { handlers, dispose } = createHandlers(services, ports, hub);
  const dispatcher = createDispatcher(handlers);
  const dispatch: Dispatch = (channel, payload) => {
    options.exercised?.add(channel as Channel);
    return dispatcher(channel, payload);
  };
  const call = async <C extends Channel>(channel: C, payload?: RequestOf<C>) => {
    const result = (await dispatch(channel, payload)) as Result<ResponseOf<C>>;
    responses.push(result);
    return result;
  };
  const ok = async <C extends Channel>(channel: C, payload?: RequestOf<C>) => {
    const result = await call(channel, payload);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  };
  return {
    dir,
    services,
    ports,
    events,
    responses,
    dispatch,
    call,
    ok,
    async sandboxAccount() {
      await eventually(
        async () => (await ok('accounts:list')).some((a) => a.kind === 'sandbox'),
        'the sandbox account',
      );
      return (await ok('accounts:list')).find((account) => account.kind === 'sandbox')!;
    },
    async close() {
      dispose();
      await services.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 3000; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

// Queries have no side effects, and a sandbox that cannot start says so: app:info and accounts:list
// never start the embedded sandbox (the composition root does), and a failed start is reported by app:info.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../main/app/handlers.ts';
import { openServices, type Services } from '../../main/app/services.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';

const ports = {
  pickFiles: async () => [],
  openExternal: async () => undefined,
  writeClipboard: () => undefined,
  notify: () => undefined,
};

let work: string;
let services: Services | undefined;
let taken: Server | undefined;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'xfer-sandbox-start-'));
});
afterEach(async () => {
  await services?.close();
  services = undefined;
  await new Promise<void>((resolve) => (taken ? taken.close(() => resolve()) : resolve()));
  taken = undefined;
  await rm(work, { recursive: true, force: true });
});

async function open(extra: Parameters<typeof openServices>[0] extends infer O ? Partial<O> : never) {
  services = await openServices({
    dataDir: join(work, 'data'),
    secretStore: new InMemorySecretStore(),
    resume: false,
    ...extra,
  });
  return createHandlers(services, ports, new EventHub()).handlers;
}

describe('the embedded sandbox', () => {
  it('is not started by app:info or accounts:list (queries)', async () => {
    const handlers = await open({});
    const info = await handlers['app:info'](undefined);
    await handlers['accounts:list'](undefined);
    expect(info.sandboxUrl).toBeNull();
    expect(services!.sandbox.instance()).toBeNull();
  });

  it('that cannot start is reported by app:info, not dropped', async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken!.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const handlers = await open({ startSandbox: true, sandboxOptions: { port } });
    const info = await handlers['app:info'](undefined);
    expect(info.sandboxUrl).toBeNull();
    expect(info.sandboxProblem).toMatch(/sandbox could not start: .*EADDRINUSE/);
  });
});

// The handlers subscribe to the services' events (to push them into the hub) and hand back the
// unsubscribe: after dispose no listener of theirs remains, and handlers made again (a web-mode server
// restarted on the same services) hold one set of listeners, not two.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHandlers } from '../../main/app/handlers.ts';
import { openServices, type Services } from '../../main/app/services.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { useTempDir } from '../core/media/temp-dir.ts';
import { InMemorySecretStore } from '../fakes/secret-store.ts';
import { countSubscriptions } from '../fakes/subscription-counter.ts';

const temp = useTempDir('handler-subscriptions');
const ports = { pickFiles: async () => [], openExternal: async () => {}, writeClipboard: () => {}, notify: () => {} };
let services: Services;
beforeEach(async () => {
  services = await openServices({
    dataDir: join(temp.path, 'data'),
    secretStore: new InMemorySecretStore(),
    resume: false,
  });
});
afterEach(() => services.close());

it('leaves no listener on the services after dispose', () => {
  const count = countSubscriptions(services);
  const { dispose } = createHandlers(services, ports, new EventHub());
  expect(count.live()).toBeGreaterThan(0);
  dispose();
  expect(count.live()).toBe(0);
});

it('made again after a dispose, holds exactly the listeners of one set', () => {
  const count = countSubscriptions(services);
  createHandlers(services, ports, new EventHub()).dispose();
  const once = createHandlers(services, ports, new EventHub());
  const perSet = count.live();
  once.dispose();
  const again = createHandlers(services, ports, new EventHub());
  expect(count.live()).toBe(perSet);
  again.dispose();
  expect(count.live()).toBe(0);
});

it('pushes nothing into the hub once disposed', () => {
  const hub = new EventHub();
  const pushed: string[] = [];
  hub.subscribe((event) => pushed.push(event));
  createHandlers(services, ports, hub).dispose();
  services.events.sink.onQueueStatus(services.engine.status());
  expect(pushed).toEqual([]);
});

// The world of an e2e file that adds accounts: one world for the file, opened before its tests and closed after,
// and the embedded sandbox's address (what the Add account forms are pointed at), read as the page reads it.
import { afterAll, beforeAll } from 'vitest';
import type { AppInfo, XferApi } from '../../main/ipc/contract.ts';
import { openWorld, type E2eWorld } from './setup.ts';

declare const xfer: XferApi;

export interface SandboxWorld {
  world: E2eWorld;
  /** The embedded sandbox's base URL (sign-in, API and upload). */
  sandboxUrl: string;
}

/** Registers the file's beforeAll/afterAll; read `.world` and `.sandboxUrl` inside its tests and hooks. */
export function useSandboxWorld(): Readonly<SandboxWorld> {
  let opened: SandboxWorld | null = null;
  beforeAll(async () => {
    const world = await openWorld();
    try {
      const info = await world.page.evaluate(() => xfer.app.info());
      if (!info.ok || !info.value.sandboxUrl) throw new Error(`app.info has no sandbox: ${JSON.stringify(info)}`);
      opened = { world, sandboxUrl: (info.value as AppInfo).sandboxUrl! };
    } catch (error) {
      await world.close();
      throw error;
    }
  });
  afterAll(() => opened?.world.close());
  const ready = (): SandboxWorld => opened ?? unopened();
  return {
    get world() {
      return ready().world;
    },
    get sandboxUrl() {
      return ready().sandboxUrl;
    },
  };
}

function unopened(): never {
  throw new Error('useSandboxWorld: read inside a test or a hook, once the beforeAll has opened the world');
}

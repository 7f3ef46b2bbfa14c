// The real app behind the harness: the same services and handlers the Electron shell composes
// (main/index.ts), with the harness's recording ports in place of dialogs, clipboard and browser.
import { createHandlers } from '../app/handlers.ts';
import { fail } from '../common/errors.ts';
import { openServices, type ServicesOptions } from '../app/services.ts';
import type { FaultOptions } from '../core/sandbox/faults.ts';
import type { CreateApp } from './app.ts';
import { copyUsesOf, sweepSoon, sweepWhenSessionsEnd } from '../app/copy-folder.ts';
import { StagingArea } from './staging.ts';

/** `extra` tunes the services (e.g. engine delays in tests); the data dir comes from the harness. */
export function realApp(extra: Partial<Omit<ServicesOptions, 'dataDir'>> = {}): CreateApp {
  return async ({ dataDir, ports, hub }) => {
    const services = await openServices({ startSandbox: true, ...extra, dataDir });
    const { ledger } = services;
    const uses = copyUsesOf(ledger);
    const staging = await StagingArea.open(dataDir, uses.sessions, uses.stillNeeded);
    const { handlers, dispose } = createHandlers(
      services,
      {
        pickFiles: () => ports.pickFiles(),
        stagedFile: (stagedId) => staging.path(stagedId),
        openExternal: (url) => ports.openExternal(url),
        writeClipboard: (text) => ports.writeClipboard(text),
        notify: (title, body) => ports.notify(title, body),
      },
      hub,
    );
    // A staged copy goes once its sessions have ended or been forgotten (app/copy-folder.ts).
    const sweep = () => staging.sweep();
    const unsubscribe = sweepWhenSessionsEnd(hub, sweep, 'staging');
    // A browser has no file paths: its files arrive as bytes (files:addStaged). A path sent over the
    // socket did not come from a drop, so web mode takes none.
    handlers['files:addDropped'] = async () =>
      fail('bad_request', 'Web mode takes dropped files as their bytes, not as paths: drop or pick them in the page');
    // Pasted bytes arrive over HTTP like any dropped file's (the page stages them), never in a socket frame.
    handlers['files:addPasted'] = async () =>
      fail('bad_request', 'Web mode takes pasted images as staged uploads: paste them in the page');
    const prepare = handlers['sessions:prepare'];
    handlers['sessions:prepare'] = async (request) => {
      const prepared = await prepare(request);
      sweepSoon(sweep, 'staging');
      return prepared;
    };
    return {
      handlers,
      stage: async (name, body, announced) => {
        // Progress for big files: at most 4 events a second while the bytes arrive, then a final one.
        let last = 0;
        const progress = (stagedId: string, received: number, done: boolean) =>
          hub.emit('fileStaging', { stagedId, name, received, total: announced, done });
        const staged = await staging.receive(name, body, announced, (stagedId, received) => {
          if (Date.now() - last < 250) return;
          last = Date.now();
          progress(stagedId, received, false);
        });
        progress(staged.stagedId, staged.bytes, true);
        return staged;
      },
      async preview(fileId) {
        const preview = services.files.resolvePreview(fileId);
        return preview ? { path: preview.path, contentType: preview.mediaType } : null;
      },
      // Cuts every connection to the embedded sandbox, as when the network goes away.
      setOnline: (online) => services.sandbox.setOnline(online),
      setFaults: (faults) => services.sandbox.instance()?.setFaults(faults as FaultOptions | null),
      async close() {
        // The handlers' subscriptions end before the services they listen to close.
        dispose();
        unsubscribe();
        await services.close();
      },
    };
  };
}

export const createRealApp: CreateApp = realApp();

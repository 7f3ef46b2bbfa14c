// The real app behind the harness: the same services and handlers the Electron shell composes
// (main/index.ts), with the harness's recording ports in place of dialogs, clipboard and browser.
import { createHandlers } from '../app/handlers.ts';
import { openServices, type ServicesOptions } from '../app/services.ts';
import type { CreateApp } from './app.ts';

/** `extra` tunes the services (e.g. engine delays in tests); the data dir comes from the harness. */
export function realApp(extra: Partial<Omit<ServicesOptions, 'dataDir'>> = {}): CreateApp {
  return async ({ dataDir, ports, hub }) => {
    const services = await openServices({ ...extra, dataDir });
    const handlers = createHandlers(
      services,
      {
        pickFiles: () => ports.pickFiles(),
        openExternal: (url) => ports.openExternal(url),
        writeClipboard: (text) => ports.writeClipboard(text),
        notify: (title, body) => ports.notify(title, body),
      },
      hub,
    );
    return {
      handlers,
      async preview(fileId) {
        const preview = services.files.resolvePreview(fileId);
        return preview ? { path: preview.path, contentType: preview.mediaType } : null;
      },
      // Cuts every connection to the embedded sandbox, as when the network goes away.
      setOnline: (online) => services.sandbox.setOnline(online),
      close: () => services.close(),
    };
  };
}

export const createRealApp: CreateApp = realApp();

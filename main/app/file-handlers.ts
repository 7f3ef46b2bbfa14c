// The files:* channels: paths enter main only from the OS dialog, the preload's dropped paths (a
// folder expanded here), web mode's staged copies or a pasted image's bytes, and leave as opaque ids.
import { fail } from '../common/errors.ts';
import type { FolderView, Handlers } from '../ipc/contract.ts';
import { expandDropped, looksLikeMedia } from './folder-expansion.ts';
import type { HandlerPorts } from './ports.ts';
import type { PastedImages } from './pasted.ts';
import type { Services } from './services.ts';

type FileChannel = 'files:pick' | 'files:addDropped' | 'files:addStaged' | 'files:addPasted' | 'files:check';

export function createFileHandlers(
  services: Services,
  ports: HandlerPorts,
  pastedImages: Promise<PastedImages>,
): Pick<Handlers, FileChannel> {
  const { files } = services;
  const staged = (stagedId: string) =>
    ports.stagedFile?.(stagedId) ?? fail('not_found', 'That upload is no longer staged: add the file again');

  return {
    'files:pick': async () => files.register(await ports.pickFiles()),
    'files:addDropped': async ({ paths }) => {
      const expanded = await expandDropped(paths);
      return { files: await files.register(expanded.paths), folders: expanded.folders };
    },
    // Web mode walks a dropped folder in the page (a browser has no paths) and stages every file in it;
    // which of them are media is decided here, as for the desktop's folders.
    'files:addStaged': async ({ ids, folders = [] }) => {
      const paths = ids.map(staged);
      const views: FolderView[] = [];
      for (const folder of folders) {
        const skipped: string[] = [];
        let added = 0;
        for (const entry of folder.entries) {
          const path = staged(entry.id);
          if (await looksLikeMedia(path)) {
            paths.push(path);
            added += 1;
          } else skipped.push(entry.path);
        }
        views.push({ name: folder.name, added, skipped });
      }
      return { files: await files.register(paths), folders: views };
    },
    'files:addPasted': async ({ files: pasted }) => {
      const images = await pastedImages;
      return files.register(await Promise.all(pasted.map((image) => images.save(image.name, image.bytes))));
    },
    'files:check': async ({ fileId, category, accountId, altText }) => {
      const path = files.path(fileId);
      const validation = await services.validateFile(path, { accountId, category, altText });
      return { file: files.view(fileId), validation };
    },
  };
}

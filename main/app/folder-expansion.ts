// Dropped folders become the media files inside them. A drop hands main whatever the user let go of:
// files are taken as they are (an odd one gets its own verdict on the card), but a folder is walked and
// only what looks like media is added; the rest is named back to the user as skipped, never silently lost.
import { lstat, readdir } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { fileTypeFromFile } from 'file-type';
import { fail } from '../common/errors.ts';
import type { FolderView } from '../ipc/contract.ts';

/** More than a person means to drop at once (and the most one add may carry, as the IPC schema says). */
export const MAX_FOLDER_FILES = 1000;
/** Deeper trees are skipped: a drop of a whole disk should not walk it all. */
const MAX_DEPTH = 8;
const SUBTITLE_EXTENSIONS = new Set(['.srt', '.vtt']);

/** Photos, GIFs and videos by their bytes; subtitles (plain text, no magic number) by their extension. */
export async function looksLikeMedia(path: string): Promise<boolean> {
  if (SUBTITLE_EXTENSIONS.has(extname(path).toLowerCase())) return true;
  try {
    const type = await fileTypeFromFile(path);
    return type !== undefined && (type.mime.startsWith('image/') || type.mime.startsWith('video/'));
  } catch {
    return false;
  }
}

export interface ExpandedDrop {
  /** In the order dropped; a folder's media in name order. */
  paths: string[];
  folders: FolderView[];
}

export async function expandDropped(
  dropped: readonly string[],
  isMedia: (path: string) => Promise<boolean> = looksLikeMedia,
): Promise<ExpandedDrop> {
  const paths: string[] = [];
  const folders: FolderView[] = [];
  for (const path of dropped) {
    const stats = await lstat(path).catch(() => null);
    if (!stats?.isDirectory()) {
      paths.push(path); // the registry says why when it cannot be read
      continue;
    }
    const found = await walk(path, isMedia);
    paths.push(...found.media);
    folders.push({ name: basename(path), added: found.media.length, skipped: found.skipped });
  }
  if (paths.length > MAX_FOLDER_FILES)
    fail('validation', `That drop holds ${paths.length} files; add at most ${MAX_FOLDER_FILES} at a time`);
  return { paths, folders };
}

async function walk(
  root: string,
  isMedia: (path: string) => Promise<boolean>,
): Promise<{ media: string[]; skipped: string[] }> {
  const media: string[] = [];
  const skipped: string[] = [];
  const visit = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const entry of entries) {
      // Hidden files (.DS_Store, Thumbs.db's kin) are the system's, not the user's: left out without a word.
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      const shown = relative(root, path);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) await visit(path, depth + 1);
        else skipped.push(`${shown}/ (too deep)`);
      } else if (!entry.isFile()) {
        skipped.push(shown); // a link or a device: followed links could loop or leave the folder
      } else if (await isMedia(path)) {
        media.push(path);
      } else {
        skipped.push(shown);
      }
      if (media.length > MAX_FOLDER_FILES) return;
    }
  };
  await visit(root, 1);
  return { media, skipped };
}

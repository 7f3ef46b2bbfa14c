// Opaque file ids: the renderer holds a fileId, never a path it could hand back. Paths enter
// only from the OS file dialog (pickFiles) or the preload's dropped-file paths, are registered
// here, and everything later (check, prepare, preview) names the file by its id.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, normalize } from 'node:path';
import { fail } from '../common/errors.ts';
import { PREVIEWABLE_TYPES, previewKindOf, previewSessionId, previewUrl } from '../common/preview.ts';
import type { FileView } from '../ipc/contract.ts';

interface Entry {
  fileId: string;
  path: string;
  name: string;
  size: number;
  /** What the bytes are (file-type), when it is a type we preview. */
  previewType: string | null;
}

export interface Preview {
  path: string;
  mediaType: string;
}

export class FileRegistry {
  readonly #byId = new Map<string, Entry>();
  readonly #byPath = new Map<string, Entry>();
  /** A session's file by its id (from the ledger): sessions of earlier runs have no registered file. */
  readonly #sessionFile: (sessionId: string) => Preview | null;

  constructor(options: { sessionFile?: (sessionId: string) => Preview | null } = {}) {
    this.#sessionFile = options.sessionFile ?? (() => null);
  }

  /** Registers paths (the same path keeps its id); refuses anything that is not a readable regular file. */
  async register(paths: readonly string[]): Promise<FileView[]> {
    const views: FileView[] = [];
    for (const raw of paths) {
      // Paths come from the OS dialog or the preload, which give absolute ones; a relative path would
      // resolve against main's working directory, which the user never chose.
      if (!isAbsolute(raw)) fail('bad_request', `Refused "${basename(raw)}": only absolute file paths are accepted`);
      views.push(this.#view(await this.#entry(normalize(raw))));
    }
    return views;
  }

  path(fileId: string): string {
    const entry = this.#byId.get(fileId);
    if (!entry) fail('not_found', 'That file is no longer known to Xfer: add it again');
    return entry.path;
  }

  view(fileId: string): FileView {
    const entry = this.#byId.get(fileId);
    if (!entry) fail('not_found', 'That file is no longer known to Xfer: add it again');
    return this.#view(entry);
  }

  /** For the xfer-media: protocol (Electron) and the harness's media route: only registered, previewable files. */
  resolvePreview(fileId: string): Preview | null {
    const sessionId = previewSessionId(fileId);
    if (sessionId !== null) {
      const file = this.#sessionFile(sessionId);
      return file && PREVIEWABLE_TYPES.has(file.mediaType) ? file : null;
    }
    const entry = this.#byId.get(fileId);
    return entry?.previewType ? { path: entry.path, mediaType: entry.previewType } : null;
  }

  async #entry(path: string): Promise<Entry> {
    let stats;
    try {
      stats = await stat(path);
    } catch (thrown) {
      fail('not_found', `Cannot read ${basename(path)} (${(thrown as { code?: string }).code ?? 'error'})`);
    }
    if (!stats.isFile()) fail('validation', `${basename(path)} is not a file (folders cannot be uploaded)`);
    const known = this.#byPath.get(path);
    const previewType = await detectPreviewType(path);
    if (known) {
      known.size = stats.size;
      known.previewType = previewType;
      return known;
    }
    const entry: Entry = { fileId: `file_${randomUUID()}`, path, name: basename(path), size: stats.size, previewType };
    this.#byId.set(entry.fileId, entry);
    this.#byPath.set(path, entry);
    return entry;
  }

  #view(entry: Entry): FileView {
    return {
      fileId: entry.fileId,
      name: entry.name,
      size: entry.size,
      previewUrl: entry.previewType ? previewUrl(entry.fileId) : null,
      previewKind: entry.previewType ? previewKindOf(entry.previewType) : null,
    };
  }
}

async function detectPreviewType(path: string): Promise<string | null> {
  try {
    const { fileTypeFromFile } = await import('file-type');
    const type = await fileTypeFromFile(path);
    return type && PREVIEWABLE_TYPES.has(type.mime) ? type.mime : null;
  } catch {
    return null;
  }
}

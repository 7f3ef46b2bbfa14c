// Where the renderer loads a file's preview: `xfer-media://<fileId>`. The Electron shell serves
// the scheme, the web harness rewrites it to a path on its own origin, and the page's CSP allows it.
export const PREVIEW_SCHEME = 'xfer-media';

export function previewUrl(fileId: string): string {
  return `${PREVIEW_SCHEME}://${fileId}`;
}

/** The file id of a preview URL, or null when the URL is not one. */
export function previewFileId(url: string): string | null {
  const prefix = `${PREVIEW_SCHEME}://`;
  return url.startsWith(prefix) ? url.slice(prefix.length) : null;
}

// Electron's side of static serving: the built renderer on the privileged app scheme and file
// previews on the preview scheme, both through serve.ts (so the header CSP is the one shipped).
// Electron-free (it takes and returns fetch Requests/Responses), so tests drive it directly.
import { APP_HOST, APP_POLICY } from '../security.ts';
import { errorAnswer, previewAnswer, rendererAnswer, toResponse, type StaticRequest } from './serve.ts';

function staticRequest(request: Request, pathname: string): StaticRequest {
  return { method: request.method, pathname, range: request.headers.get('range') };
}

/** `xfer-app://xfer/…` → the file under `rendererDir`; any other host is not ours. */
export function appSchemeHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return toResponse(errorAnswer(404, APP_POLICY));
    return toResponse(await rendererAnswer(rendererDir, staticRequest(request, url.pathname), { policy: APP_POLICY }));
  };
}

/** `xfer-media://<fileId>` → that registered file's bytes (204 when it is gone since), or 404 for an unknown id. */
export function previewSchemeHandler(
  resolvePreview: (fileId: string) => { path: string; mediaType: string } | null,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const preview = resolvePreview(new URL(request.url).hostname);
    if (!preview) return toResponse(errorAnswer(404, APP_POLICY));
    return toResponse(await previewAnswer(preview.path, preview.mediaType, staticRequest(request, '/'), APP_POLICY));
  };
}

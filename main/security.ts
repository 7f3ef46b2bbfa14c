// The window's security settings in one place, so the shell test can check every one.
import { PREVIEW_SCHEME } from './common/preview.ts';

/** https://www.electronjs.org/docs/latest/tutorial/security */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

/**
 * The renderer is served from this privileged, standard, secure scheme (security checklist #18),
 * not file://, so the packaged app needs no file:// privileges (the grantFileProtocolExtraPrivileges
 * fuse is off in electron-builder.yml).
 */
export const APP_SCHEME = 'xfer-app';
export const APP_HOST = 'xfer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function policy(sources: { img: string; connect: string }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${sources.img}`,
    `media-src ${sources.img.replace(' data:', '')}`,
    "font-src 'self'",
    `connect-src ${sources.connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The app's policy, sent as a response header by the app scheme: no remote code, no inline
 * script, no eval; previews only from our own xfer-media: scheme; no network (main does that).
 */
export const APP_POLICY = policy({ img: `'self' data: ${PREVIEW_SCHEME}:`, connect: "'self'" });

/** Web mode's policy: the same, with previews on its own origin and its one WebSocket. */
export function webModePolicy(origin: string): string {
  const socket = origin.replace(/^http/, 'ws');
  return policy({ img: "'self' data:", connect: `'self' ${socket}` });
}

/**
 * Only when running from source: Vite's dev server injects component styles as <style> elements,
 * so its pages get the app's policy with inline styles allowed (added to the dev server's responses).
 */
export const DEV_SERVER_POLICY = APP_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

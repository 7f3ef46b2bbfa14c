// Where an account's requests go. X serves the API at api.x.com and media upload (v1.1) at
// upload.twitter.com (reference §1); a custom `apiBase` alone (a proxy, the sandbox) sets both.
import { fail } from '../../common/errors.ts';
import type { Endpoints } from '../x-api/types.ts';

export const DEFAULT_API_BASE = 'https://api.x.com';
export const DEFAULT_UPLOAD_BASE = 'https://upload.twitter.com';

/** An http(s) origin (a path prefix is kept, for proxies), without a trailing slash. */
export function normalizeBase(raw: string, label: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    fail('bad_request', `${label} must be a URL like https://api.x.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    fail('bad_request', `${label} must start with https:// or http://`);
  if (url.search || url.hash || url.username || url.password) {
    fail('bad_request', `${label} must be a plain URL, without query, fragment or user info`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export function resolveEndpoints(apiBase?: string | null, uploadBase?: string | null): Endpoints {
  if (!apiBase && !uploadBase) return { apiBase: DEFAULT_API_BASE, uploadBase: DEFAULT_UPLOAD_BASE };
  const api = apiBase ? normalizeBase(apiBase, 'the API base') : DEFAULT_API_BASE;
  const upload = uploadBase ? normalizeBase(uploadBase, 'the upload base') : apiBase ? api : DEFAULT_UPLOAD_BASE;
  return { apiBase: api, uploadBase: upload };
}

// The one way Xfer serves files to its page, in Electron (the app: scheme handler) and in web
// mode (node:http): confined to one folder, a known MIME type or none, no directory listing, and
// the Content-Security-Policy as a response header on every answer, errors included.
// Transport-free: an answer is a status, headers and a body; toResponse/writeAnswer adapt it.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export interface StaticRequest {
  method: string;
  /** The URL's path, still percent-encoded. */
  pathname: string;
  /** The Range header, when there is one. */
  range?: string | null | undefined;
}

export type Body = string | { path: string; start?: number; end?: number } | null;

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Body;
}

/** The file under `root` a URL path names, or null when it would leave `root` or cannot be decoded. */
export function confine(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // A NUL or a backslash has no business in a built asset's name (and a backslash is a separator on Windows).
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = normalize(root);
  const joined = normalize(join(base, decoded));
  return joined.startsWith(base.endsWith(sep) ? base : base + sep) ? joined : null;
}

export function contentTypeOf(path: string): string | null {
  return TYPES[extname(path).toLowerCase()] ?? null;
}

function headersFor(policy: string, contentType: string | null): Record<string, string> {
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...(contentType && { 'content-type': contentType }),
  };
}

export function errorAnswer(status: number, policy: string, body = String(status)): Answer {
  return { status, headers: headersFor(policy, 'text/plain; charset=utf-8'), body };
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null; // a folder is never listed
  } catch {
    return null;
  }
}

/** One file (a preview, a built asset), honouring one `Range: bytes=a-b` (video elements ask for ranges). */
export async function fileAnswer(
  path: string,
  contentType: string,
  request: StaticRequest,
  policy: string,
): Promise<Answer> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorAnswer(405, policy);
  const size = await fileSize(path);
  if (size === null) return errorAnswer(404, policy);
  const headers = { ...headersFor(policy, contentType), 'accept-ranges': 'bytes' };
  const head = request.method === 'HEAD';
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.range ?? '');
  if (range && size > 0 && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: null };
    }
    return {
      status: 206,
      headers: {
        ...headers,
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': String(end - start + 1),
      },
      body: head ? null : { path, start, end },
    };
  }
  return { status: 200, headers: { ...headers, 'content-length': String(size) }, body: head ? null : { path } };
}

/**
 * A preview's file, as fileAnswer serves it, except that a file gone since it was added (moved, deleted) is
 * 204 No Content: the page gets nothing to show, and Chromium logs no failed load, as it does for a 404
 * (test/e2e/gone-thumbnail.test.ts). The request is where the file is looked for, once per thumbnail shown,
 * rather than a stat per session on every list.
 */
export async function previewAnswer(
  path: string,
  contentType: string,
  request: StaticRequest,
  policy: string,
): Promise<Answer> {
  const answer = await fileAnswer(path, contentType, request, policy);
  return answer.status === 404 ? { status: 204, headers: headersFor(policy, null), body: null } : answer;
}

export interface RendererOptions {
  policy: string;
  /** Web mode places its bridge script in the page; the app serves index.html as built. */
  rewriteIndex?: (html: string) => string;
}

/** The built renderer under `root`: `/` is index.html, every other path a file inside `root` with a known type. */
export async function rendererAnswer(root: string, request: StaticRequest, options: RendererOptions): Promise<Answer> {
  const { policy } = options;
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorAnswer(405, policy);
  const index = request.pathname === '/' || request.pathname === '/index.html';
  const path = confine(root, index ? '/index.html' : request.pathname);
  if (!path) return errorAnswer(404, policy);
  const contentType = contentTypeOf(path);
  if (!contentType) return errorAnswer(404, policy); // only what a page needs, nothing sniffed
  if (index && options.rewriteIndex) {
    let html: string;
    try {
      html = await readFile(path, 'utf8');
    } catch {
      return errorAnswer(404, policy);
    }
    const body = options.rewriteIndex(html);
    return {
      status: 200,
      headers: { ...headersFor(policy, contentType), 'content-length': String(Buffer.byteLength(body)) },
      body: request.method === 'HEAD' ? null : body,
    };
  }
  return fileAnswer(path, contentType, request, policy);
}

function bodyStream(body: Exclude<Body, string | null>): Readable {
  return createReadStream(body.path, body.start === undefined ? {} : { start: body.start, end: body.end });
}

/** For Electron's protocol.handle. */
export function toResponse(answer: Answer): Response {
  const body =
    answer.body === null
      ? null
      : typeof answer.body === 'string'
        ? answer.body
        : (Readable.toWeb(bodyStream(answer.body)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.status, headers: answer.headers });
}

/** For node:http (web mode). */
export function writeAnswer(answer: Answer, response: ServerResponse, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(answer.status, { ...answer.headers, ...extraHeaders });
  if (answer.body === null) return void response.end();
  if (typeof answer.body === 'string') return void response.end(answer.body);
  const stream = bodyStream(answer.body);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

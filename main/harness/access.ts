// Who may talk to the web harness: a request for our own host name (DNS rebinding), from our own
// page or no page at all (Origin), carrying this launch's random token (as Jupyter does: in the
// printed URL, then in a cookie the first page load sets).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_PARAM = 'token';
export const TOKEN_HEADER = 'x-xfer-token';

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Cookies are shared by every port of a host, so the name carries the port: two web modes at once keep their own. */
export function tokenCookieName(port: number): string {
  return `xfer-token-${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type Access = { ok: true; tokenInQuery: boolean } | { ok: false; status: 403 | 421; reason: string };

export interface Gate {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
}

/** Checks one HTTP request or WebSocket upgrade. */
export function checkAccess(request: IncomingMessage, gate: Gate): Access {
  const own = new URL(gate.origin);
  if (request.headers.host !== own.host) return { ok: false, status: 421, reason: 'wrong host name' };
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== gate.origin) return { ok: false, status: 403, reason: 'foreign origin' };
  const url = new URL(request.url ?? '/', gate.origin);
  const fromQuery = url.searchParams.get(TOKEN_PARAM);
  const header = request.headers[TOKEN_HEADER];
  const given =
    fromQuery ??
    (typeof header === 'string' ? header : null) ??
    cookieValue(request.headers.cookie, tokenCookieName(Number(own.port)));
  if (!sameToken(given, gate.token)) return { ok: false, status: 403, reason: 'missing or wrong token' };
  return { ok: true, tokenInQuery: fromQuery !== null };
}

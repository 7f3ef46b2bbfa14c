// Parsing an `Authorization: OAuth ...` header, for the server side (the sandbox).
import { percentDecode } from './percent-encode.ts';

/**
 * Returns the header's parameters, or a reason it cannot be parsed. Duplicate names are
 * refused, as X does.
 */
export function parseAuthorizationHeader(
  header: string | undefined,
): { ok: true; params: Record<string, string> } | { ok: false; reason: string } {
  if (!header) return { ok: false, reason: 'missing Authorization header' };
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!match?.[1]) return { ok: false, reason: 'Authorization header is not OAuth' };
  // A null-prototype object: a parameter named __proto__ must be kept, not swallowed.
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  const re = /\s*([^=,\s]+)\s*=\s*"([^"]*)"\s*(?:,|$)/gy;
  let consumed = 0;
  const body = match[1];
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const [, rawName, rawValue] = m;
    if (rawName === undefined || rawValue === undefined) break;
    const name = percentDecode(rawName);
    if (name === 'realm') {
      consumed = re.lastIndex;
      continue;
    }
    if (Object.hasOwn(params, name)) return { ok: false, reason: `duplicate parameter ${name}` };
    params[name] = percentDecode(rawValue);
    consumed = re.lastIndex;
  }
  if (consumed !== body.length) return { ok: false, reason: 'malformed Authorization header' };
  return { ok: true, params };
}

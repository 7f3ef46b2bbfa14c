// A response's headers, looked up by name (any case): what the error model and the rate budget read.
import type { IncomingHttpHeaders } from 'node:http';

/** The only thing read from an answer's headers (a WHATWG Headers fits too). */
export interface HeaderLookup {
  get(name: string): string | null;
}

/** Node's (or undici's) header record as a lookup; a repeated header reads as its values joined. */
export function headerLookup(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): HeaderLookup {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

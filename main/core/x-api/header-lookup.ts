// A response's headers, looked up by name (any case): what the error model and the rate budget read.
/** The only thing read from an answer's headers (a WHATWG Headers fits too). */
export interface HeaderLookup {
  get(name: string): string | null;
}

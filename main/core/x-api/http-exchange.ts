// One HTTP request and its whole answer, over the leanest path available. Measured on an upload of 5 MiB
// APPENDs over TLS on loopback: WHATWG fetch copies a Uint8Array body twice more (webidl's copy, then the
// web stream's clone) and drives it through web streams, which cost about as much CPU as the encryption
// itself. So a request goes through node:http(s) and its keep-alive global agent (node-exchange.ts: the
// parts of a body are written as they are, no copy; a file's bytes are read slice by slice as they are
// sent), or through an undici dispatcher's own request() when the caller gave one (e.g. an Agent trusting
// a test CA); an injected fetch (tests) is still honoured as is. Those two read a file's bytes whole first
// (whole-body-exchange.ts).
import type { HeaderLookup } from './header-lookup.ts';
import type { Dispatcher } from 'undici';
import { XferFailure } from '../../common/errors.ts';
import type { Answer, Exchange } from './exchange-types.ts';
import { viaNode } from './node-exchange.ts';
import { viaDispatcher, viaFetch } from './whole-body-exchange.ts';

export type { HeaderLookup };
export type { Answer, BodyPart, Exchange, FileSlice } from './exchange-types.ts';

/** The connection failed (refused, reset, TLS, …): what fetch reports as a TypeError, with the cause's code. */
export class ConnectionError extends Error {
  readonly code: string | undefined;

  constructor(cause: unknown) {
    super('connection failed', { cause });
    this.name = 'ConnectionError';
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

export interface ExchangeOptions {
  fetch?: typeof fetch | undefined;
  dispatcher?: Dispatcher | undefined;
}

export async function exchange(options: ExchangeOptions, request: Exchange): Promise<Answer> {
  if (options.fetch) return viaFetch(options.fetch, request);
  try {
    return await (options.dispatcher ? viaDispatcher(options.dispatcher, request) : viaNode(request));
  } catch (thrown) {
    if (request.signal.aborted) throw request.signal.reason;
    if (thrown instanceof XferFailure) throw thrown;
    throw new ConnectionError(thrown);
  }
}

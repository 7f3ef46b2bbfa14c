// What both adapters do the same way: sign and send one request with the adapter's default
// timeout, and send one APPEND's bytes straight from the file.
import { checkAppend, openChunk } from './checks.ts';
import type { BodyPart } from './http-exchange.ts';
import type { AdapterSettings } from './client-options.ts';
import { sendSigned, type OutgoingRequest, type ReceivedResponse } from './transport.ts';
import type { ChunkSource, Endpoints } from './types.ts';

export type AdapterRequest = Omit<OutgoingRequest, 'timeoutMs'> & { timeoutMs?: number };

export class SignedRequests {
  readonly #settings: AdapterSettings;

  constructor(settings: AdapterSettings) {
    this.#settings = settings;
  }

  send(request: AdapterRequest): Promise<ReceivedResponse> {
    return sendSigned(this.#settings.transport, { timeoutMs: this.#settings.timeoutMs, ...request });
  }

  /**
   * Sends the request built around the chunk's bytes, read from the file as they are sent. The file is
   * opened (and its length checked) before anything is sent: a file that is gone or shorter is
   * `file_changed`, and X sees no request.
   */
  async sendChunk(
    segmentIndex: number,
    chunk: ChunkSource,
    requestFor: (content: BodyPart) => AdapterRequest,
  ): Promise<ReceivedResponse> {
    checkAppend(segmentIndex, chunk);
    const handle = await openChunk(chunk);
    try {
      const content = {
        handle,
        path: chunk.path,
        start: chunk.start,
        length: chunk.length,
        expectedHash: chunk.expectedHash,
      };
      return await this.send({ timeoutMs: this.#settings.appendTimeoutMs, ...requestFor(content) });
    } finally {
      await handle.close();
    }
  }
}

/** What each adapter starts from: the account's endpoints and one signer-and-sender for its requests. */
export abstract class SignedAdapter {
  protected readonly endpoints: Endpoints;
  protected readonly requests: SignedRequests;

  constructor(settings: AdapterSettings) {
    this.endpoints = settings.endpoints;
    this.requests = new SignedRequests(settings);
  }
}

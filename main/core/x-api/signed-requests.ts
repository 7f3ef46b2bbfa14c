// What both adapters do the same way: sign and send one request with the adapter's default
// timeout, and send one APPEND's bytes through a lent, reused buffer.
import { checkAppend, readChunk } from './checks.ts';
import type { AdapterSettings } from './client-options.ts';
import { sendSigned, type OutgoingRequest, type ReceivedResponse } from './transport.ts';
import type { ChunkSource } from './types.ts';

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
   * Reads the chunk's byte range into a lent buffer and sends the request built around it. The
   * buffer goes back only after the APPEND succeeded: after a failure a write may still hold it.
   */
  async sendChunk(
    segmentIndex: number,
    chunk: ChunkSource,
    requestFor: (bytes: Uint8Array) => AdapterRequest,
  ): Promise<void> {
    checkAppend(segmentIndex, chunk);
    const buffer = this.#settings.chunkBuffers.take(chunk.length);
    const bytes = await readChunk(chunk, buffer);
    await this.send({ timeoutMs: this.#settings.appendTimeoutMs, ...requestFor(bytes) });
    this.#settings.chunkBuffers.give(buffer);
  }
}

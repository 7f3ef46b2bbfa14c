// The v1.1 adapter (legacy, the seed): one upload.json URL with a `command` field
// (reference §1 "v1.1"). INIT and FINALIZE are form-encoded, so their fields are signed;
// APPEND is multipart, so its fields are not (RFC 5849 §3.4.1.3.1).
import { checkAltText, checkInit, checkMediaId } from './checks.ts';
import { parseIdentity, parseInitResult, parseMediaObject } from './media-object.ts';
import { SignedAdapter } from './signed-requests.ts';
import type { Pair } from '../oauth1/sign.ts';
import type {
  ChunkSource,
  Identity,
  InitRequest,
  InitResult,
  MediaObject,
  RequestOptions,
  UploadClient,
} from './types.ts';

export class V1UploadClient extends SignedAdapter implements UploadClient {
  readonly api = 'v1.1' as const;

  get #uploadUrl(): string {
    return `${this.endpoints.uploadBase}/1.1/media/upload.json`;
  }

  async init(request: InitRequest, options: RequestOptions = {}): Promise<InitResult> {
    checkInit(request);
    const fields: Pair[] = [
      ['command', 'INIT'],
      ['total_bytes', String(request.totalBytes)],
      ['media_type', request.mediaType],
    ];
    if (request.mediaCategory) fields.push(['media_category', request.mediaCategory]);
    if (request.additionalOwners.length > 0) fields.push(['additional_owners', request.additionalOwners.join(',')]);
    const response = await this.requests.send({
      method: 'POST',
      url: this.#uploadUrl,
      body: { kind: 'form', fields },
      operation: 'INIT',
      signal: options.signal,
    });
    return parseInitResult(response.bodyText, 'v1.1');
  }

  async append(mediaId: string, segmentIndex: number, chunk: ChunkSource, options: RequestOptions = {}): Promise<void> {
    checkMediaId(mediaId);
    await this.requests.sendChunk(segmentIndex, chunk, (content) => ({
      method: 'POST',
      url: this.#uploadUrl,
      body: {
        kind: 'multipart',
        fields: [
          ['command', 'APPEND'],
          ['media_id', mediaId],
          ['segment_index', String(segmentIndex)],
        ],
        file: { name: 'media', content },
      },
      operation: `APPEND segment ${segmentIndex}`,
      signal: options.signal,
      onBytesSent: options.onBytesSent,
      pace: options.pace,
      onRateBudget: options.onRateBudget,
    }));
  }

  async finalize(mediaId: string, options: RequestOptions = {}): Promise<MediaObject> {
    checkMediaId(mediaId);
    const response = await this.requests.send({
      method: 'POST',
      url: this.#uploadUrl,
      body: {
        kind: 'form',
        fields: [
          ['command', 'FINALIZE'],
          ['media_id', mediaId],
        ],
      },
      operation: 'FINALIZE',
      signal: options.signal,
    });
    return parseMediaObject(response.bodyText, 'v1.1', 'FINALIZE');
  }

  async status(mediaId: string, options: RequestOptions = {}): Promise<MediaObject> {
    checkMediaId(mediaId);
    const query = new URLSearchParams({ command: 'STATUS', media_id: mediaId });
    const response = await this.requests.send({
      method: 'GET',
      url: `${this.#uploadUrl}?${query}`,
      body: { kind: 'none' },
      operation: 'STATUS',
      signal: options.signal,
    });
    return parseMediaObject(response.bodyText, 'v1.1', 'STATUS');
  }

  async setAltText(mediaId: string, text: string, options: RequestOptions = {}): Promise<void> {
    checkMediaId(mediaId);
    checkAltText(text);
    await this.requests.send({
      method: 'POST',
      url: `${this.endpoints.uploadBase}/1.1/media/metadata/create.json`,
      body: { kind: 'json', value: { media_id: mediaId, alt_text: { text } } },
      operation: 'alt text',
      signal: options.signal,
    });
  }

  async verifyCredentials(options: RequestOptions = {}): Promise<Identity> {
    const response = await this.requests.send({
      method: 'GET',
      url: `${this.endpoints.apiBase}/1.1/account/verify_credentials.json`,
      body: { kind: 'none' },
      operation: 'verify credentials',
      signal: options.signal,
    });
    return parseIdentity(response.bodyText, 'v1.1');
  }
}

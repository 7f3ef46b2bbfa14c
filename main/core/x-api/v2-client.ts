// The v2 adapter (Xfer's default): dedicated initialize/append/finalize endpoints, JSON
// bodies (reference §1 "v2"). Only the STATUS query is signed besides the oauth_* fields.
import { checkAltText, checkInit, checkMediaId, checkOwners } from './checks.ts';
import { parseIdentity, parseInitResult, parseMediaObject } from './media-object.ts';
import { SignedAdapter } from './signed-requests.ts';
import type {
  ChunkSource,
  Identity,
  InitRequest,
  InitResult,
  MediaObject,
  OneShotRequest,
  RequestOptions,
  UploadClient,
} from './types.ts';

export class V2UploadClient extends SignedAdapter implements UploadClient {
  readonly api = 'v2' as const;

  #url(path: string): string {
    return `${this.endpoints.apiBase}${path}`;
  }

  async init(request: InitRequest, options: RequestOptions = {}): Promise<InitResult> {
    checkInit(request);
    // X refuses unknown fields (additionalProperties: false): send only what is set.
    const body: Record<string, unknown> = { media_type: request.mediaType, total_bytes: request.totalBytes };
    if (request.mediaCategory) body.media_category = request.mediaCategory;
    if (request.additionalOwners.length > 0) body.additional_owners = [...request.additionalOwners];
    const response = await this.requests.send({
      method: 'POST',
      url: this.#url('/2/media/upload/initialize'),
      body: { kind: 'json', value: body },
      operation: 'INIT',
      signal: options.signal,
    });
    return parseInitResult(response.bodyText, 'v2');
  }

  async append(mediaId: string, segmentIndex: number, chunk: ChunkSource, options: RequestOptions = {}): Promise<void> {
    checkMediaId(mediaId);
    await this.requests.sendChunk(segmentIndex, chunk, (content) => ({
      method: 'POST',
      url: this.#url(`/2/media/upload/${mediaId}/append`),
      body: { kind: 'multipart', fields: [['segment_index', String(segmentIndex)]], file: { name: 'media', content } },
      operation: `APPEND segment ${segmentIndex}`,
      signal: options.signal,
      onBytesSent: options.onBytesSent,
      pace: options.pace,
      onRateBudget: options.onRateBudget,
    }));
  }

  async uploadOnce(request: OneShotRequest, file: ChunkSource, options: RequestOptions = {}): Promise<MediaObject> {
    checkOwners(request.additionalOwners);
    const fields: [string, string][] = [['media_category', request.mediaCategory]];
    if (request.additionalOwners.length > 0) fields.push(['additional_owners', request.additionalOwners.join(',')]);
    // Segment 0 of one: the same checks and the same read-as-sent body as an APPEND.
    const response = await this.requests.sendChunk(0, file, (content) => ({
      method: 'POST',
      url: this.#url('/2/media/upload'),
      body: { kind: 'multipart', fields, file: { name: 'media', content } },
      operation: 'upload',
      signal: options.signal,
      onBytesSent: options.onBytesSent,
      pace: options.pace,
      onRateBudget: options.onRateBudget,
    }));
    return parseMediaObject(response.bodyText, 'v2', 'upload');
  }

  async finalize(mediaId: string, options: RequestOptions = {}): Promise<MediaObject> {
    checkMediaId(mediaId);
    const response = await this.requests.send({
      method: 'POST',
      url: this.#url(`/2/media/upload/${mediaId}/finalize`),
      body: { kind: 'none' },
      operation: 'FINALIZE',
      signal: options.signal,
    });
    return parseMediaObject(response.bodyText, 'v2', 'FINALIZE');
  }

  async status(mediaId: string, options: RequestOptions = {}): Promise<MediaObject> {
    checkMediaId(mediaId);
    const query = new URLSearchParams({ command: 'STATUS', media_id: mediaId });
    const response = await this.requests.send({
      method: 'GET',
      url: this.#url(`/2/media/upload?${query}`),
      body: { kind: 'none' },
      operation: 'STATUS',
      signal: options.signal,
    });
    return parseMediaObject(response.bodyText, 'v2', 'STATUS');
  }

  async setAltText(mediaId: string, text: string, options: RequestOptions = {}): Promise<void> {
    checkMediaId(mediaId);
    checkAltText(text);
    await this.requests.send({
      method: 'POST',
      url: this.#url('/2/media/metadata'),
      body: { kind: 'json', value: { id: mediaId, metadata: { alt_text: { text } } } },
      operation: 'alt text',
      signal: options.signal,
    });
  }

  async verifyCredentials(options: RequestOptions = {}): Promise<Identity> {
    const response = await this.requests.send({
      method: 'GET',
      url: this.#url('/2/users/me'),
      body: { kind: 'none' },
      operation: 'verify credentials',
      signal: options.signal,
    });
    return parseIdentity(response.bodyText, 'v2');
  }
}

// X's behaviour for the fake server: the two upload dialects, verify, and PIN login
// (reference §1, §4). Requests arrive already parsed and signature-checked.
import { createHash } from 'node:crypto';
import { fakeUser, user } from './fake-credentials.ts';
import type { ArrivedRequest, ScriptedResponse } from './fake-x.ts';

export interface FakeMedia {
  id: string;
  totalBytes: number;
  mediaType: string;
  mediaCategory?: string;
  additionalOwners: string[];
  segments: Map<number, Buffer>;
  /** SHA-256 of the assembled segments, set by FINALIZE. */
  sha256?: string;
}

export interface FakeState {
  nextMediaId: bigint;
  media: Map<string, FakeMedia>;
  altTexts: Map<string, string>;
  tokenSecrets: Map<string, string>;
  requestTokens: Map<string, string>;
  /** processing_info objects: FINALIZE answers with the first, each STATUS with the next. */
  processingScript: Record<string, unknown>[];
}

export const FAKE_PIN = '8675309';
const requestToken = { token: 'fake-request-token-r1', tokenSecret: 'fake-request-secret-s1' };

const json = (status: number, value: unknown): ScriptedResponse => ({ status, body: JSON.stringify(value) });
const v2NotFound = (id: string) =>
  json(404, {
    errors: [
      {
        title: 'Not Found Error',
        detail: `Could not find media with id: [${id}].`,
        type: 'https://api.twitter.com/2/problems/resource-not-found',
      },
    ],
  });
const v1NotFound = () => json(400, { errors: [{ code: 325, message: 'A media id was not found.' }] });

function createMedia(
  state: FakeState,
  fields: { totalBytes: number; mediaType: string; mediaCategory?: string; additionalOwners: string[] },
): FakeMedia {
  const id = String(state.nextMediaId++);
  const media: FakeMedia = { id, ...fields, segments: new Map() };
  state.media.set(id, media);
  return media;
}

/** FINALIZE's check (reference §1): segments contiguous from 0 adding up to total_bytes. */
function finalizeMedia(media: FakeMedia): string | undefined {
  const parts: Buffer[] = [];
  for (let index = 0; index < media.segments.size; index++) {
    const segment = media.segments.get(index);
    if (!segment) return 'Segments do not add up to provided total file size.';
    parts.push(segment);
  }
  const whole = Buffer.concat(parts);
  if (whole.length !== media.totalBytes) return 'Segments do not add up to provided total file size.';
  media.sha256 = createHash('sha256').update(whole).digest('hex');
  return undefined;
}

function mediaFields(media: FakeMedia, processing: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    media_key: `13_${media.id}`,
    size: media.totalBytes,
    expires_after_secs: 86400,
    ...(processing && { processing_info: processing }),
  };
}

// v1.1 puts the id twice; the numeric one is written raw, as X does, so it exceeds 2^53.
function v1MediaBody(media: FakeMedia, extra: Record<string, unknown>): ScriptedResponse {
  const rest = JSON.stringify({ media_id_string: media.id, ...extra }).slice(1);
  return { status: 200, body: `{"media_id":${media.id},${rest}` };
}

function routeV2(request: ArrivedRequest, state: FakeState): ScriptedResponse | undefined {
  const { method, path } = request;
  if (method === 'POST' && path === '/2/media/upload/initialize') {
    if (request.contentType !== 'application/json') return json(415, { title: 'Unsupported Media Type' });
    const body = request.json as {
      media_type: string;
      total_bytes: number;
      media_category?: string;
      additional_owners?: string[];
    };
    const media = createMedia(state, {
      totalBytes: body.total_bytes,
      mediaType: body.media_type,
      ...(body.media_category !== undefined && { mediaCategory: body.media_category }),
      additionalOwners: body.additional_owners ?? [],
    });
    return json(200, { data: { id: media.id, media_key: `13_${media.id}`, expires_after_secs: 1295999 } });
  }
  const step = /^\/2\/media\/upload\/(\d+)\/(append|finalize)$/.exec(path);
  if (method === 'POST' && step) {
    const media = state.media.get(step[1] ?? '');
    if (!media) return v2NotFound(step[1] ?? '');
    if (step[2] === 'append') {
      if (!request.contentType.startsWith('multipart/form-data') || !request.media)
        return json(400, { title: 'Invalid Request' });
      media.segments.set(Number(request.fields.segment_index), request.media);
      return json(200, { data: { expires_at: 1_900_000_000 } });
    }
    const problem = finalizeMedia(media);
    if (problem)
      return json(400, {
        errors: [
          { title: 'Invalid Request', detail: problem, type: 'https://api.twitter.com/2/problems/invalid-request' },
        ],
      });
    return json(200, { data: { id: media.id, ...mediaFields(media, state.processingScript.shift()) } });
  }
  if (method === 'GET' && path === '/2/media/upload' && request.query.command === 'STATUS') {
    const media = state.media.get(request.query.media_id ?? '');
    if (!media) return v2NotFound(request.query.media_id ?? '');
    return json(200, {
      data: {
        id: media.id,
        ...mediaFields(media, state.processingScript.shift() ?? { state: 'succeeded', progress_percent: 100 }),
      },
    });
  }
  if (method === 'POST' && path === '/2/media/metadata') {
    const body = request.json as { id: string; metadata: { alt_text: { text: string } } };
    if (!state.media.has(body.id)) return v2NotFound(body.id);
    state.altTexts.set(body.id, body.metadata.alt_text.text);
    return json(200, { data: { associated_metadata: true } });
  }
  if (method === 'GET' && path === '/2/users/me') return json(200, { data: fakeUser });
  return undefined;
}

function routeV1(request: ArrivedRequest, state: FakeState): ScriptedResponse | undefined {
  const { method, path } = request;
  if (path === '/1.1/media/upload.json') {
    const command = method === 'GET' ? request.query.command : request.fields.command;
    if (command === 'INIT') {
      const media = createMedia(state, {
        totalBytes: Number(request.fields.total_bytes),
        mediaType: request.fields.media_type ?? '',
        ...(request.fields.media_category !== undefined && { mediaCategory: request.fields.media_category }),
        additionalOwners: request.fields.additional_owners?.split(',') ?? [],
      });
      return v1MediaBody(media, { expires_after_secs: 86400 });
    }
    const id = method === 'GET' ? request.query.media_id : request.fields.media_id;
    const media = state.media.get(id ?? '');
    if (!media) return v1NotFound();
    if (command === 'APPEND') {
      if (!request.media) return json(400, { request: path, error: 'media parameter is missing.' });
      media.segments.set(Number(request.fields.segment_index), request.media);
      return { status: 204 };
    }
    if (command === 'FINALIZE') {
      const problem = finalizeMedia(media);
      if (problem) return json(400, { request: path, error: problem });
      return v1MediaBody(media, mediaFields(media, state.processingScript.shift()));
    }
    if (command === 'STATUS') {
      return v1MediaBody(
        media,
        mediaFields(media, state.processingScript.shift() ?? { state: 'succeeded', progress_percent: 100 }),
      );
    }
    return json(400, { request: path, error: 'command is invalid.' });
  }
  if (method === 'POST' && path === '/1.1/media/metadata/create.json') {
    const body = request.json as { media_id: string; alt_text: { text: string } };
    if (!state.media.has(body.media_id)) return v1NotFound();
    state.altTexts.set(body.media_id, body.alt_text.text);
    return { status: 200 };
  }
  if (method === 'GET' && path === '/1.1/account/verify_credentials.json') {
    return {
      status: 200,
      body: `{"id":${fakeUser.id},"id_str":"${fakeUser.id}","screen_name":"${fakeUser.username}","name":"${fakeUser.name}"}`,
    };
  }
  return undefined;
}

function routeOAuth(request: ArrivedRequest, state: FakeState): ScriptedResponse | undefined {
  const form = (values: Record<string, string>) => ({
    status: 200,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  });
  if (request.method === 'POST' && request.path === '/oauth/request_token') {
    if (request.oauth.oauth_callback !== 'oob' || request.oauth.oauth_token !== undefined) {
      return json(403, {
        errors: [{ code: 417, message: "Desktop applications only support the oauth_callback value 'oob'" }],
      });
    }
    state.tokenSecrets.set(requestToken.token, requestToken.tokenSecret);
    state.requestTokens.set(requestToken.token, requestToken.tokenSecret);
    return form({
      oauth_token: requestToken.token,
      oauth_token_secret: requestToken.tokenSecret,
      oauth_callback_confirmed: 'true',
    });
  }
  if (request.method === 'POST' && request.path === '/oauth/access_token') {
    const token = request.oauth.oauth_token ?? '';
    if (!state.requestTokens.has(token) || request.oauth.oauth_verifier !== FAKE_PIN) {
      // X answers this one in plain text, not JSON.
      return {
        status: 401,
        headers: { 'content-type': 'text/plain' },
        body: 'Error processing your OAuth request: Invalid oauth_verifier parameter',
      };
    }
    state.requestTokens.delete(token);
    return form({
      oauth_token: user.token,
      oauth_token_secret: user.tokenSecret,
      user_id: fakeUser.id,
      screen_name: fakeUser.username,
    });
  }
  return undefined;
}

export function routeX(request: ArrivedRequest, state: FakeState): ScriptedResponse {
  return (
    routeV2(request, state) ??
    routeV1(request, state) ??
    routeOAuth(request, state) ??
    json(404, { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] })
  );
}

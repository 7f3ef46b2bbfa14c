// API v2 routes (reference §1 v2 table): the dedicated initialize/append/finalize endpoints,
// STATUS, alt text and users/me, and the one-shot upload on POST /2/media/upload (reference §6).
import { apiErrors } from './api-errors.ts';
import { appendPart, handleStatusQuery, mediaView, type UploadDeps } from './command-form.ts';
import { handleOneShot, MAX_ONE_SHOT_BYTES } from './one-shot.ts';
import { MEDIA_TYPES } from './rules.ts';
import { fromOutcome, json, refuseWith, type HandlerResult, type Route, type RouteContext } from './route.ts';
import type { InitParams } from './uploads.ts';

const INITIALIZE_FIELDS = new Set(['media_type', 'total_bytes', 'media_category', 'additional_owners', 'shared']);
const OWNER_ID = /^[0-9]{1,19}$/;

const invalid = (message: string, violation: string) => ({
  ok: false as const,
  error: apiErrors.invalidParameter(message),
  violation,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * initialize's body as X's OpenAPI schema describes it: JSON only, `additionalProperties: false`,
 * `additional_owners` items matching ^[0-9]{1,19}$ (reference §1 v2).
 */
export function parseInitializeBody(
  context: Pick<RouteContext, 'contentType' | 'json'>,
):
  | { ok: true; params: InitParams }
  | { ok: false; error: ReturnType<typeof apiErrors.invalidParameter>; violation: string } {
  if (context.contentType !== 'application/json') {
    return invalid(
      'Content-Type must be application/json.',
      `initialize with Content-Type ${context.contentType || 'none'}`,
    );
  }
  const body = context.json;
  if (!isObject(body)) return invalid('The request body must be a JSON object.', 'initialize without a JSON object');
  const unknown = Object.keys(body).find((name) => !INITIALIZE_FIELDS.has(name));
  if (unknown !== undefined)
    return invalid(`The field ${unknown} is not allowed.`, `initialize with unknown field ${unknown}`);
  const { media_type: mediaType, total_bytes: totalBytes, media_category: category, additional_owners: owners } = body;
  if (typeof mediaType !== 'string' || !(MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    return invalid(
      'media_type must be one of ' + MEDIA_TYPES.join(', ') + '.',
      `initialize with media_type ${String(mediaType)}`,
    );
  }
  if (typeof totalBytes !== 'number' || !Number.isInteger(totalBytes)) {
    return invalid('total_bytes must be an integer.', `initialize with total_bytes ${String(totalBytes)}`);
  }
  if (category !== undefined && typeof category !== 'string') {
    return invalid('media_category must be a string.', 'initialize with a non-string media_category');
  }
  if (body.shared !== undefined && typeof body.shared !== 'boolean') {
    return invalid('shared must be a boolean.', 'initialize with a non-boolean shared');
  }
  if (
    owners !== undefined &&
    !(Array.isArray(owners) && owners.every((id) => typeof id === 'string' && OWNER_ID.test(id)))
  ) {
    return invalid(
      'additional_owners must be an array of user id strings.',
      'initialize with malformed additional_owners',
    );
  }
  return {
    ok: true,
    params: { mediaType, totalBytes, category, additionalOwners: (owners as string[] | undefined) ?? [] },
  };
}

function userOf(context: RouteContext) {
  if (!context.user) throw new Error('v2 route reached without a user');
  return context.user;
}

async function appendV2(context: RouteContext, deps: UploadDeps): Promise<HandlerResult> {
  let segmentIndex = context.fields.get('segment_index');
  let part = appendPart(context, undefined);
  if (context.contentType === 'application/json') {
    const body = context.json;
    if (!isObject(body))
      return refuseWith(
        apiErrors.invalidParameter('The request body must be a JSON object.'),
        'append without JSON object',
      );
    segmentIndex = body.segment_index === undefined ? undefined : String(body.segment_index);
    part = typeof body.media === 'string' ? appendPart(context, body.media) : null;
  } else if (context.contentType !== 'multipart/form-data') {
    return refuseWith(
      apiErrors.invalidParameter('append takes multipart/form-data or JSON.'),
      `append with Content-Type ${context.contentType}`,
    );
  }
  if (part === 'invalid')
    return refuseWith(apiErrors.invalidParameter('media must be base64.'), 'append with invalid base64');
  const outcome = await deps.service.append(userOf(context).userId, context.pathParams.id, segmentIndex, part, 'v2');
  return fromOutcome(outcome, (record) => json({ data: { expires_at: Math.floor(record.expiresAt / 1000) } }));
}

function metadataV2(context: RouteContext, deps: UploadDeps): HandlerResult {
  const body = context.json;
  if (!isObject(body))
    return refuseWith(apiErrors.invalidParameter('The request body must be a JSON object.'), 'metadata without JSON');
  const id = typeof body.id === 'string' ? body.id : undefined;
  const metadata = isObject(body.metadata) ? body.metadata : {};
  const altText = isObject(metadata.alt_text) ? metadata.alt_text.text : undefined;
  const outcome = deps.service.setAltText(userOf(context).userId, id, altText);
  return fromOutcome(outcome, (record) =>
    json({ data: { id: record.id, associated_metadata: { alt_text: { text: record.altText } } } }),
  );
}

export function v2Routes(deps: UploadDeps): Route[] {
  const base = { dialect: 'v2' as const, auth: 'access' as const };
  return [
    {
      ...base,
      method: 'POST',
      pattern: /^\/2\/media\/upload\/initialize$/,
      faultable: true,
      bucket: () => 'initialize',
      handle(context) {
        const parsed = parseInitializeBody(context);
        if (!parsed.ok) return parsed;
        return fromOutcome(deps.service.init(userOf(context).userId, parsed.params), mediaView('v2', 'init', deps.now));
      },
    },
    {
      ...base,
      method: 'POST',
      pattern: /^\/2\/media\/upload\/(?<id>[^/]+)\/append$/,
      faultable: true,
      bucket: () => 'append',
      handle: (context) => appendV2(context, deps),
    },
    {
      ...base,
      method: 'POST',
      pattern: /^\/2\/media\/upload\/(?<id>[^/]+)\/finalize$/,
      faultable: true,
      bucket: () => 'finalize',
      async handle(context) {
        const outcome = await deps.service.finalize(userOf(context).userId, context.pathParams.id);
        return fromOutcome(outcome, mediaView('v2', 'finalize', deps.now));
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: /^\/2\/media\/upload$/,
      faultable: true,
      bucket: () => 'status',
      handle: (context) => handleStatusQuery(context, 'v2', deps),
    },
    {
      ...base,
      method: 'POST',
      pattern: /^\/2\/media\/upload$/,
      faultable: true,
      maxFileBytes: MAX_ONE_SHOT_BYTES,
      bucket: () => 'upload',
      handle: (context) => handleOneShot(context, deps),
    },
    {
      ...base,
      method: 'POST',
      pattern: /^\/2\/media\/metadata$/,
      faultable: false,
      bucket: () => 'metadata',
      handle: (context) => metadataV2(context, deps),
    },
    {
      ...base,
      method: 'GET',
      pattern: /^\/2\/users\/me$/,
      faultable: false,
      bucket: () => 'me',
      handle(context) {
        const user = userOf(context);
        return { ok: true, reply: json({ data: { id: user.userId, name: user.name, username: user.screenName } }) };
      },
    },
  ];
}

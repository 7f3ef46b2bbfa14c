// API v1.1 routes (reference §1 v1.1 table): the one upload URL, STATUS, alt text and
// verify_credentials. Served on the same origin as v2.
import { apiErrors } from './api-errors.ts';
import { commandBucket, handleCommandForm, handleStatusQuery, type UploadDeps } from './command-form.ts';
import { exactNumber } from './ids.ts';
import { fromOutcome, json, refuseWith, type Route, type RouteContext } from './route.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metadataV1(context: RouteContext, deps: UploadDeps) {
  if (!context.user) throw new Error('v1.1 route reached without a user');
  const body = context.json;
  if (!isObject(body))
    return refuseWith(apiErrors.invalidParameter('The request body must be JSON.'), 'metadata/create without JSON');
  const mediaId = typeof body.media_id === 'string' ? body.media_id : undefined;
  const altText = isObject(body.alt_text) ? body.alt_text.text : undefined;
  // X answers an empty 200 here.
  return fromOutcome(deps.service.setAltText(context.user.userId, mediaId, altText), () => ({ status: 200, text: '' }));
}

export function v1Routes(deps: UploadDeps): Route[] {
  const base = { dialect: 'v1' as const, auth: 'access' as const };
  return [
    {
      ...base,
      method: 'POST',
      pattern: /^\/1\.1\/media\/upload\.json$/,
      faultable: true,
      bucket: (context) => commandBucket(context.fields.get('command')),
      handle(context) {
        const type = context.contentType;
        if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
          return refuseWith(
            apiErrors.invalidParameter('Send form fields, url-encoded or multipart.'),
            `upload.json with ${type}`,
          );
        }
        return handleCommandForm(context, 'v1', deps);
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: /^\/1\.1\/media\/upload\.json$/,
      faultable: true,
      bucket: () => 'status',
      handle: (context) => handleStatusQuery(context, 'v1', deps),
    },
    {
      ...base,
      method: 'POST',
      pattern: /^\/1\.1\/media\/metadata\/create\.json$/,
      faultable: false,
      bucket: () => 'metadata',
      handle: (context) => metadataV1(context, deps),
    },
    {
      ...base,
      method: 'GET',
      pattern: /^\/1\.1\/account\/verify_credentials\.json$/,
      faultable: false,
      bucket: () => 'me',
      handle(context) {
        const user = context.user;
        if (!user) throw new Error('v1.1 route reached without a user');
        return {
          ok: true,
          reply: json({
            id: exactNumber(user.userId),
            id_str: user.userId,
            name: user.name,
            screen_name: user.screenName,
          }),
        };
      },
    },
  ];
}

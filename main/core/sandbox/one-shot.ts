// The one-shot upload (reference §6): `POST /2/media/upload`, multipart with the `media` file and its
// `media_category` (optional `additional_owners`), one request answered like FINALIZE. The type comes from
// the bytes (no `media_type`, no `shared`); the older `command=` form of this path is gone and refused.
// It runs the same rules as the chunked flow by going through the same service: INIT, one APPEND, FINALIZE.
import { open } from 'node:fs/promises';
import { ONE_SHOT_CATEGORIES, oneShotTakes } from '../../common/one-shot.ts';
import { apiErrors } from './api-errors.ts';
import { mediaView, splitOwners, type UploadDeps } from './command-form.ts';
import { bytesMatchType } from './processing.ts';
import { CATEGORY_RULES, GB, type MediaCategory, type MediaType } from './rules.ts';
import { refuseWith, type HandlerResult, type RouteContext } from './route.ts';

/**
 * The largest `media` part the sandbox reads in one request. X documents no cap of its own beyond the
 * category's; the sandbox stops at 1 GB so a runaway body cannot fill the disk.
 */
export const MAX_ONE_SHOT_BYTES = 1 * GB;

const FIELDS = new Set(['media_category', 'additional_owners']);

async function headOf(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The first type the category accepts that the bytes are, in the rule's order (so MP4 before QuickTime). */
function sniff(head: Uint8Array, category: MediaCategory): MediaType | null {
  return CATEGORY_RULES[category].types.find((type) => bytesMatchType(head, type)) ?? null;
}

export async function handleOneShot(context: RouteContext, deps: UploadDeps): Promise<HandlerResult> {
  const user = context.user;
  if (!user) throw new Error('one-shot upload reached without a user');
  if (context.fields.has('command') || context.query.has('command')) {
    return refuseWith(
      apiErrors.invalidParameter(
        'command is not supported on POST /2/media/upload: use /2/media/upload/initialize, /append and /finalize, or send the whole media here without command.',
      ),
      `one-shot upload with command=${context.fields.get('command') ?? context.query.get('command')}`,
    );
  }
  if (context.contentType !== 'multipart/form-data') {
    return refuseWith(
      apiErrors.invalidParameter('POST /2/media/upload takes multipart/form-data.'),
      `one-shot upload with Content-Type ${context.contentType || 'none'}`,
    );
  }
  const unknown = [...context.fields.keys()].find((name) => !FIELDS.has(name));
  if (unknown !== undefined) {
    return refuseWith(
      apiErrors.invalidParameter(`The field ${unknown} is not allowed.`),
      `one-shot upload with unknown field ${unknown}`,
    );
  }
  const category = context.fields.get('media_category');
  if (!category)
    return refuseWith(apiErrors.missingParameter('media_category'), 'one-shot upload without media_category');
  if (!oneShotTakes(category)) {
    return refuseWith(
      apiErrors.invalidParameter(`media_category must be one of ${ONE_SHOT_CATEGORIES.join(', ')}.`),
      `one-shot upload with media_category ${category}`,
    );
  }
  const file = context.file;
  if (!file || file.bytes === 0)
    return refuseWith(apiErrors.missingParameter('media'), 'one-shot upload without media');
  if (file.truncated) {
    return refuseWith(
      apiErrors.uploadService(`Media size must be <= ${MAX_ONE_SHOT_BYTES} bytes in one request.`, 413),
      `one-shot upload over ${MAX_ONE_SHOT_BYTES} bytes`,
    );
  }
  const mediaCategory = category as MediaCategory;
  const mediaType = sniff(await headOf(file.path), mediaCategory);
  if (!mediaType) {
    return refuseWith(
      apiErrors.uploadService('media type unrecognized.'),
      `one-shot upload of bytes that are no type ${category} accepts`,
    );
  }

  const { service } = deps;
  const started = service.init(user.userId, {
    mediaType,
    totalBytes: file.bytes,
    category,
    additionalOwners: splitOwners(context.fields.get('additional_owners')),
  });
  if (!started.ok) return started;
  const id = started.value.id;
  // Nothing is kept from a refused request: the record made above goes with it.
  const appended = await service.append(user.userId, id, '0', { kind: 'file', file }, 'v2', MAX_ONE_SHOT_BYTES);
  if (!appended.ok) {
    service.forget(id);
    return appended;
  }
  const finalized = await service.finalize(user.userId, id);
  if (!finalized.ok) {
    service.forget(id);
    return finalized;
  }
  return { ok: true, reply: mediaView('v2', 'finalize', deps.now)(finalized.value) };
}

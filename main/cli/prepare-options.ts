// The options `prepare` and `upload` share, checked before anything is opened: a usage error
// names the option and the problem.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fail } from '../common/errors.ts';
import { MEDIA_CATEGORIES, type MediaCategory } from '../common/media-types.ts';
import type { PrepareItem } from '../core/sessions/prepare.ts';
import type { Services } from '../app/services.ts';
import { ALT_TEXT_MAX, OWNERS_MAX, altTextLength } from '../common/limits.ts';
import { accountByName } from './cli-services.ts';

export const PREPARE_OPTIONS = {
  account: { type: 'string' },
  category: { type: 'string' },
  owners: { type: 'string' },
  alt: { type: 'string' },
} as const;

export interface PrepareRequest {
  files: string[];
  account: string;
  category: MediaCategory | undefined;
  owners: string[];
  altText: string | undefined;
}

export async function checkPrepareRequest(
  command: string,
  values: {
    account?: string | undefined;
    category?: string | undefined;
    owners?: string | undefined;
    alt?: string | undefined;
  },
  positionals: string[],
): Promise<PrepareRequest> {
  if (positionals.length === 0) fail('bad_request', `${command}: give at least one FILE`);
  if (!values.account)
    fail(
      'bad_request',
      `${command}: --account NAME is required: one of your accounts (xfer accounts), or sandbox for the built-in sandbox`,
    );
  const category = values.category;
  if (category !== undefined && !(MEDIA_CATEGORIES as readonly string[]).includes(category)) {
    fail('bad_request', `${command}: --category must be one of ${MEDIA_CATEGORIES.join(', ')}; got "${category}"`);
  }
  const owners = (values.owners ?? '')
    .split(',')
    .map((owner) => owner.trim())
    .filter(Boolean);
  if (owners.length > OWNERS_MAX)
    fail('bad_request', `${command}: --owners takes at most ${OWNERS_MAX} owners; got ${owners.length}`);
  const altText = values.alt;
  if (altText !== undefined && altTextLength(altText) > ALT_TEXT_MAX) {
    fail(
      'bad_request',
      `${command}: --alt is ${altTextLength(altText)} characters; at most ${ALT_TEXT_MAX} are allowed`,
    );
  }
  const files = positionals.map((file) => resolve(file));
  for (const [index, file] of files.entries()) {
    const stats = await stat(file).catch(() => null);
    if (!stats) fail('bad_request', `${command}: no such file: ${positionals[index]}`);
    if (!stats.isFile()) fail('bad_request', `${command}: not a file: ${positionals[index]}`);
  }
  return { files, account: values.account, category: category as MediaCategory | undefined, owners, altText };
}

export async function prepareItems(services: Services, request: PrepareRequest): Promise<PrepareItem[]> {
  const account = await accountByName(services, request.account);
  return request.files.map((path) => ({
    path,
    accountId: account.id,
    category: request.category,
    owners: request.owners,
    altText: request.altText ?? null,
  }));
}

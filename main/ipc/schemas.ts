// What the renderer may send on each channel: one zod schema per channel of the contract.
// Main only (handle.ts parses every payload with these); the preload and the renderer import
// contract.ts, which is zod-free, so zod never lands in the sandboxed preload bundle.
// contract.ts checks at type level that this map has exactly the contract's channels.
import { z } from 'zod';
import { ACCOUNT_NAME_MAX, API_VERSIONS, ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../common/account.ts';
import { EXTERNAL_LINK_NAMES } from '../common/links.ts';
import { ALT_TEXT_MAX, OWNERS_MAX, PASTE_MAX_BYTES, altTextLength } from '../common/limits.ts';
import { SESSION_STATES } from '../common/session.ts';
import { MEDIA_CATEGORIES, TIERS } from '../common/media-types.ts';
import { POST_STATES, TEXT_LIMITS } from '../common/posts.ts';
import { preferenceChanges } from '../app/preferences.ts';

const id = z.string().min(1).max(200);
const stagedId = z.string().regex(/^staged_[\w-]{1,100}$/);
const noPayload = z.undefined();
const category = z.enum(MEDIA_CATEGORIES);
const tier = z.enum(TIERS);
const api = z.enum(API_VERSIONS);
const origin = z.url({ protocol: /^https?$/ }).max(500);
const accountName = z.string().trim().min(1).max(ACCOUNT_NAME_MAX).regex(ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE);
const credential = z.string().trim().min(1).max(500);
/** An own account's id or an X user id (digits, as X's schema says). */
const owner = z.string().regex(/^[\w.@:-]{1,200}$/);

const appConnection = z.strictObject({
  name: accountName,
  consumerKey: credential,
  consumerSecret: credential,
  api: api.default('v2'),
  apiBase: origin.optional(),
  uploadBase: origin.optional(),
  tier: tier.default('standard'),
});

/** Counted as X counts it (code points), not in UTF-16 units as zod's .max() would. */
const altText = () =>
  z.string().refine((text) => altTextLength(text) <= ALT_TEXT_MAX, `at most ${ALT_TEXT_MAX} characters`);

export const requestSchemas = {
  'app:info': noPayload,
  'queue:status': noPayload,
  'app:firstRun': noPayload,
  'app:dismissFirstRun': noPayload,
  'app:openLink': z.strictObject({ link: z.enum(EXTERNAL_LINK_NAMES) }),
  'queue:tryAgainNow': noPayload,
  'queue:setWorkOffline': z.strictObject({ workOffline: z.boolean() }),

  'files:pick': noPayload,
  'files:addDropped': z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
  'files:addStaged': z.strictObject({
    ids: z.array(stagedId).max(1000),
    /** Web mode's dropped folders: each file staged, with its path inside the folder (shown, never opened). */
    folders: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(255),
          entries: z.array(z.strictObject({ id: stagedId, path: z.string().min(1).max(4096) })).max(1000),
        }),
      )
      .max(100)
      .optional(),
  }),
  'files:addPasted': z.strictObject({
    files: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(255),
          bytes: z
            .instanceof(Uint8Array)
            .refine(
              (bytes) => bytes.byteLength > 0 && bytes.byteLength <= PASTE_MAX_BYTES,
              'an image of 1 byte to 64 MB',
            ),
        }),
      )
      .min(1)
      .max(20),
  }),
  'files:check': z.strictObject({
    fileId: id,
    category: category.optional(),
    accountId: id.optional(),
    altText: z.string().max(10_000).optional(),
  }),

  'sessions:list': z.strictObject({ state: z.enum(SESSION_STATES).optional(), accountId: id.optional() }).optional(),
  'sessions:prepare': z.strictObject({
    items: z
      .array(
        z.strictObject({
          fileId: id,
          accountId: id,
          category,
          owners: z.array(owner).max(OWNERS_MAX).default([]),
          altText: altText().optional(),
        }),
      )
      .min(1)
      .max(1000),
  }),
  'sessions:send': z.strictObject({ ids: z.array(id).min(1).max(10_000) }),
  'sessions:cancel': z.strictObject({ id }),
  'sessions:pause': z.strictObject({ id }),
  'sessions:retry': z.strictObject({ id }),
  'sessions:forget': z.strictObject({ id }),
  'sessions:reassign': z.strictObject({ id, accountId: id }),
  'sessions:copyMediaId': z.strictObject({ id }),
  'sessions:history': z.strictObject({ id }),
  'sessions:update': z.strictObject({
    id,
    category: category.optional(),
    // null clears it; absent keeps it.
    altText: altText().nullable().optional(),
    owners: z.array(owner).max(OWNERS_MAX).optional(),
  }),
  'sessions:fitPlan': z.strictObject({ id }),
  /** confirmed: the user agreed to what the plan's needsConfirmation says (a trim). */
  'sessions:fit': z.strictObject({ id, confirmed: z.boolean().default(false) }),
  'sessions:cancelFit': z.strictObject({ id }),

  'accounts:list': noPayload,
  'accounts:addWithTokens': appConnection.extend({
    token: credential,
    tokenSecret: credential,
    offline: z.boolean().default(false),
  }),
  'accounts:startPinLogin': appConnection,
  'accounts:finishPinLogin': z.strictObject({
    loginId: id,
    pin: z
      .string()
      .trim()
      .regex(/^\d{4,10}$/, 'the PIN is digits only'),
  }),
  'accounts:startOAuth2SignIn': z.strictObject({
    name: accountName,
    clientId: credential,
    /** http://127.0.0.1:PORT/PATH; main checks it further (loopback.ts). */
    redirectUri: z
      .url({ protocol: /^http$/ })
      .max(500)
      .optional(),
    apiBase: origin.optional(),
    uploadBase: origin.optional(),
    tier: tier.default('standard'),
  }),
  'accounts:startOAuth2SignInAgain': z.strictObject({
    id,
    redirectUri: z
      .url({ protocol: /^http$/ })
      .max(500)
      .optional(),
  }),
  'accounts:finishOAuth2SignIn': z.strictObject({ signInId: id }),
  'accounts:pasteOAuth2Redirect': z.strictObject({ signInId: id, url: z.string().trim().min(1).max(4000) }),
  'accounts:cancelOAuth2SignIn': z.strictObject({ signInId: id }),
  'accounts:verify': z.strictObject({ id }),
  'accounts:setTier': z.strictObject({ id, tier }),
  'accounts:edit': z.strictObject({ id, name: accountName.optional(), tier: tier.optional() }),
  'accounts:addSandboxUser': noPayload,
  'accounts:remove': z.strictObject({ id }),

  'posts:list': z.strictObject({ state: z.enum(POST_STATES).optional(), accountId: id.optional() }).optional(),
  'posts:compose': z.strictObject({
    accountId: id,
    posts: z
      .array(
        z.strictObject({
          // The weighted limit is checked offline by main with X's rules; this only bounds the payload.
          text: z.string().max(TEXT_LIMITS.premium * 2),
          media: z
            .array(
              z.union([
                z.strictObject({ fileId: id, altText: z.string().max(ALT_TEXT_MAX).optional() }),
                z.strictObject({ sessionId: id }),
              ]),
            )
            .max(10)
            .default([]),
        }),
      )
      .min(1)
      .max(25),
    replyTo: z
      .string()
      .regex(/^\d{1,19}$/, 'a post id is digits only')
      .nullable()
      .default(null),
    /** ms since epoch (UTC); null: as soon as possible. */
    scheduledAt: z.number().int().positive().nullable().default(null),
  }),
  'posts:cancel': z.strictObject({ id }),
  'posts:retry': z.strictObject({ id }),
  'posts:sendNow': z.strictObject({ id }),
  'posts:reschedule': z.strictObject({ id, scheduledAt: z.number().int().positive() }),
  'posts:forget': z.strictObject({ id }),
  'posts:open': z.strictObject({ id }),

  'preferences:get': noPayload,
  'preferences:set': z.strictObject({ changes: preferenceChanges }),
} as const satisfies Record<string, z.ZodType>;

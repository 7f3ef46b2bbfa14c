// Plain values for ledger and engine tests: an account row and a session ready to send.
import type { Account } from '../../main/common/account.ts';
import type { NewSession } from '../../main/core/ledger/ledger.ts';

export function testAccount(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name: `account-${id}`,
    kind: 'x',
    userId: null,
    screenName: null,
    api: 'v2',
    apiBase: 'http://127.0.0.1:9',
    uploadBase: 'http://127.0.0.1:9',
    tier: 'standard',
    verifiedAt: null,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function newSession(overrides: Partial<NewSession> = {}): NewSession {
  return {
    state: 'ready',
    file: '/tmp/does-not-matter.mp4',
    fingerprint: { size: 10, mtimeMs: 1, edgeHash: 'ab'.repeat(32) },
    accountId: null,
    api: 'v2',
    totalBytes: 10,
    mediaType: 'video/mp4',
    mediaCategory: 'tweet_video',
    additionalOwners: [],
    altText: null,
    validation: null,
    chunkSize: 5 * 1024 * 1024,
    segmentsTotal: 1,
    ...overrides,
  };
}

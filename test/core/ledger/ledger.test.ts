import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IllegalTransition, Ledger } from '../../../main/core/ledger/ledger.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../../main/core/ledger/migrations.ts';
import { isXferFailure, xferError } from '../../../main/common/errors.ts';
import { newSession, testAccount } from '../../fakes/session-builder.ts';

let dir: string;
let ledger: Ledger;
let clock: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-ledger-'));
  clock = 1_000;
  ledger = Ledger.open(join(dir, 'ledger.db'), { now: () => clock });
});
afterEach(async () => {
  ledger.close();
  await rm(dir, { recursive: true, force: true });
});

describe('opening', () => {
  it('creates the schema at the latest version, in WAL mode with foreign keys on', () => {
    ledger.close();
    const db = new DatabaseSync(join(dir, 'ledger.db'));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
    ledger = Ledger.open(join(dir, 'ledger.db'));
    // foreign_keys is a per-connection setting: only the ledger's own connection can show it is on.
    expect(() => ledger.insertSession(newSession({ accountId: 'no-such-account' }))).toThrow(/FOREIGN KEY/);
    expect(ledger.listSessions({})).toHaveLength(0);
  });

  it('migrates a version 1 database, keeping its sessions', () => {
    ledger.close();
    const path = join(dir, 'v1.db');
    const db = new DatabaseSync(path);
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    db.exec(`INSERT INTO sessions (id, state, file, fingerprint_size, fingerprint_mtime_ms, fingerprint_edge_hash,
      api, total_bytes, media_type, media_category, additional_owners, chunk_size, segments_total, created_at, updated_at)
      VALUES ('old', 'ready', '/a.png', 3, 1, 'ff', 'v2', 3, 'image/png', 'tweet_image', '[]', 5242880, 1, 5, 5)`);
    db.close();

    ledger = Ledger.open(path);
    expect(ledger.getSession('old')).toMatchObject({ id: 'old', state: 'ready', notice: null, totalBytes: 3 });
    ledger.setMeta('hello', 'world'); // the meta table came with version 2
    expect(ledger.getMeta('hello')).toBe('world');
  });

  it('lists its migrations in order, one version each', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1),
    );
  });

  it('refuses a database from a newer Xfer', () => {
    ledger.close();
    const path = join(dir, 'future.db');
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => Ledger.open(path)).toThrow(/Update Xfer/);
    ledger = Ledger.openInMemory();
  });

  it('reports a directory it cannot open as an environment failure', () => {
    let thrown: unknown;
    try {
      Ledger.open(join(dir, 'no', 'such', 'dir', 'ledger.db'));
    } catch (error) {
      thrown = error;
    }
    expect(isXferFailure(thrown) && thrown.error.kind).toBe('environment');
  });
});

describe('sessions', () => {
  it('stores every field and reads it back', () => {
    ledger.insertAccount(testAccount('a1'));
    const error = xferError('server', 'Over capacity', { status: 503, code: 130 });
    const inserted = ledger.insertSession(
      newSession({
        accountId: 'a1',
        additionalOwners: ['123', '456'],
        altText: 'a cat',
        error,
        notice: 'hello',
        validation: { ok: true, findings: [] } as never,
      }),
    );
    expect(ledger.getSession(inserted.id)).toEqual(inserted);
    expect(inserted).toMatchObject({ additionalOwners: ['123', '456'], error, segmentsAcked: 0, createdAt: 1000 });
  });

  it('lists newest first, filtered by state and account, with paging', () => {
    ledger.insertAccount(testAccount('a1'));
    for (let index = 0; index < 5; index++) {
      clock = 1000 + index;
      ledger.insertSession(
        newSession({ id: `s${index}`, accountId: index % 2 === 0 ? 'a1' : null, state: index < 3 ? 'ready' : 'draft' }),
      );
    }
    expect(ledger.listSessions().map((session) => session.id)).toEqual(['s4', 's3', 's2', 's1', 's0']);
    expect(ledger.listSessions({ state: 'ready' }).map((session) => session.id)).toEqual(['s2', 's1', 's0']);
    expect(ledger.listSessions({ state: ['draft'], accountId: 'a1' }).map((session) => session.id)).toEqual(['s4']);
    expect(ledger.listSessions({ accountId: null }).map((session) => session.id)).toEqual(['s3', 's1']);
    expect(ledger.listSessions({ limit: 2, offset: 1 }).map((session) => session.id)).toEqual(['s3', 's2']);
  });

  it('counts sessions by state', () => {
    ledger.insertSession(newSession({ state: 'ready' }));
    ledger.insertSession(newSession({ state: 'ready' }));
    ledger.insertSession(newSession({ state: 'draft' }));
    expect(ledger.countByState()).toMatchObject({ ready: 2, draft: 1, succeeded: 0 });
  });

  it('forgets a session and its segments', () => {
    const session = ledger.insertSession(newSession());
    ledger.ackSegment(session.id, 0, 10);
    expect(ledger.forgetSession(session.id)).toBe(true);
    expect(ledger.getSession(session.id)).toBeNull();
    expect(ledger.ackedSegments(session.id)).toEqual([]);
    expect(ledger.forgetSession(session.id)).toBe(false);
  });

  it('answers not_found for a session that does not exist', () => {
    let thrown: unknown;
    try {
      ledger.transition('nope', ['ready'], 'uploading');
    } catch (error) {
      thrown = error;
    }
    expect(isXferFailure(thrown) && thrown.error.kind).toBe('not_found');
    expect(() => ledger.updateSession('nope', { notice: null })).toThrow(/No session with id nope/);
  });

  it("reads a session's state line (state, error, notice, segments) alone, as the whole session has it", () => {
    const session = ledger.insertSession(newSession({ state: 'failed', segmentsTotal: 3 }));
    ledger.ackSegment(session.id, 0, 100);
    ledger.updateSession(session.id, { error: xferError('network', 'reset', { retryable: true }), notice: 'n' });
    const whole = ledger.getSession(session.id)!;
    expect(ledger.getSessionStatus(session.id)).toEqual({
      state: 'failed',
      error: whole.error,
      notice: 'n',
      segmentsAcked: 1,
      segmentsTotal: 3,
    });
    expect(whole.error).toMatchObject({ kind: 'network', retryable: true });
    expect(ledger.getSessionStatus('nope')).toBeNull();
  });
});

describe('transitions', () => {
  it('moves a session and applies the patch in one step', () => {
    const session = ledger.insertSession(newSession());
    clock = 2000;
    const moved = ledger.transition(session.id, ['ready'], 'uploading', {
      mediaId: '1880028106020515840',
      attempts: 1,
    });
    expect(moved).toMatchObject({ state: 'uploading', mediaId: '1880028106020515840', attempts: 1, updatedAt: 2000 });
    expect(ledger.getSession(session.id)).toEqual(moved);
  });

  it('refuses a transition the state machine forbids, and changes nothing', () => {
    const session = ledger.insertSession(newSession({ state: 'draft' }));
    expect(() => ledger.transition(session.id, ['draft'], 'uploading', { mediaId: 'x' })).toThrow(IllegalTransition);
    expect(ledger.getSession(session.id)).toMatchObject({ state: 'draft', mediaId: null });
  });

  it('refuses when the session is not in the expected state, saying which it is in', () => {
    const session = ledger.insertSession(newSession({ state: 'ready' }));
    expect(() => ledger.transition(session.id, ['uploading'], 'finalizing')).toThrow(/is ready \(expected uploading\)/);
  });

  it('lets a failed session go back to ready (retry)', () => {
    const session = ledger.insertSession(newSession({ state: 'failed' }));
    expect(ledger.transition(session.id, ['failed'], 'ready').state).toBe('ready');
  });

  it('keeps the state when only fields change, and refuses a change in a state not allowed', () => {
    const session = ledger.insertSession(newSession({ state: 'ready' }));
    expect(ledger.updateSession(session.id, { notice: 'Waiting for connection' }).state).toBe('ready');
    expect(() => ledger.updateSession(session.id, { notice: null }, ['uploading'])).toThrow(IllegalTransition);
  });
});

describe('segments', () => {
  it('acks a segment once, however often it is acked', () => {
    const session = ledger.insertSession(newSession({ totalBytes: 30, segmentsTotal: 3 }));
    expect(ledger.ackSegment(session.id, 1, 10)).toBe(true);
    expect(ledger.ackSegment(session.id, 1, 10)).toBe(false);
    expect(ledger.ackSegment(session.id, 0, 10)).toBe(true);
    expect(ledger.ackedSegments(session.id)).toEqual([0, 1]);
    expect(ledger.getSession(session.id)).toMatchObject({ segmentsAcked: 2, bytesAcked: 20 });
  });

  it('forgets the media id and every ack on resetUpload', () => {
    const session = ledger.insertSession(newSession({ mediaId: '42', expiresAt: 99 }));
    ledger.ackSegment(session.id, 0, 10);
    const reset = ledger.resetUpload(session.id, { notice: 'started over' });
    expect(reset).toMatchObject({
      mediaId: null,
      expiresAt: null,
      segmentsAcked: 0,
      bytesAcked: 0,
      notice: 'started over',
    });
    expect(ledger.ackedSegments(session.id)).toEqual([]);
  });
});

describe('accounts', () => {
  it('stores, finds, updates and lists accounts', () => {
    ledger.insertAccount(testAccount('a1', { name: 'alice' }));
    ledger.insertAccount(testAccount('a2', { name: 'bob', kind: 'sandbox', api: 'v1.1', verifiedAt: 5 }));
    expect(ledger.getAccountByName('bob')).toEqual(
      testAccount('a2', { name: 'bob', kind: 'sandbox', api: 'v1.1', verifiedAt: 5 }),
    );
    ledger.updateAccount(testAccount('a1', { name: 'alice', screenName: 'alice_x', tier: 'premium' }));
    expect(ledger.getAccount('a1')).toMatchObject({ screenName: 'alice_x', tier: 'premium' });
    expect(ledger.listAccounts().map((account) => account.name)).toEqual(['alice', 'bob']);
  });

  it('refuses a second account with the same name', () => {
    ledger.insertAccount(testAccount('a1', { name: 'alice' }));
    expect(() => ledger.insertAccount(testAccount('a2', { name: 'alice' }))).toThrow(/already exists/);
  });

  it("tells a taken name by SQLite's result code, keeps SQLite's error as the cause, and rethrows a taken id", () => {
    ledger.insertAccount(testAccount('a1', { name: 'alice' }));
    let thrown: unknown;
    try {
      ledger.insertAccount(testAccount('a2', { name: 'alice' }));
    } catch (error) {
      thrown = error;
    }
    expect(isXferFailure(thrown) && thrown.error.kind).toBe('bad_request');
    expect((thrown as Error).cause).toMatchObject({ errcode: 2067 }); // SQLITE_CONSTRAINT_UNIQUE
    // The same id under a free name is a bug of the caller's, not a taken name: it is not dressed up as one.
    let sameId: unknown;
    try {
      ledger.insertAccount(testAccount('a1', { name: 'bob' }));
    } catch (error) {
      sameId = error;
    }
    expect(isXferFailure(sameId)).toBe(false);
    expect(sameId).toMatchObject({ errcode: 1555 }); // SQLITE_CONSTRAINT_PRIMARYKEY
  });

  it('keeps the sessions of a removed account, detached', () => {
    ledger.insertAccount(testAccount('a1'));
    const session = ledger.insertSession(newSession({ accountId: 'a1' }));
    ledger.deleteAccount('a1');
    expect(ledger.getAccount('a1')).toBeNull();
    expect(ledger.getSession(session.id)?.accountId).toBeNull();
    expect(ledger.listSessions({ accountId: null })).toHaveLength(1);
  });

  it('reassigns a session to an existing account only', () => {
    ledger.insertAccount(testAccount('a1'));
    const session = ledger.insertSession(newSession());
    expect(ledger.reassignSession(session.id, 'a1').accountId).toBe('a1');
    expect(() => ledger.reassignSession(session.id, 'ghost')).toThrow(/No account/);
  });

  it('detaches every session of an account', () => {
    ledger.insertAccount(testAccount('a1'));
    ledger.insertSession(newSession({ accountId: 'a1' }));
    ledger.insertSession(newSession({ accountId: 'a1' }));
    expect(ledger.detachAccount('a1')).toBe(2);
  });
});

describe('scale', () => {
  it('inserts and lists 10,000 sessions', () => {
    ledger.insertAccount(testAccount('a1'));
    ledger.insertSessions(
      Array.from({ length: 10_000 }, (_, index) =>
        newSession({ id: `s${index}`, createdAt: index, accountId: index % 2 ? 'a1' : null }),
      ),
    );
    const all = ledger.listSessions();
    expect(all).toHaveLength(10_000);
    expect(all[0]?.id).toBe('s9999');
    expect(ledger.listSessions({ accountId: 'a1', limit: 50 })).toHaveLength(50);
    expect(ledger.countByState().ready).toBe(10_000);
  });

  it('answers the list queries from indexes', () => {
    ledger.close();
    const db = new DatabaseSync(join(dir, 'ledger.db'));
    const plan = (sql: string) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => String(row.detail))
        .join(' | ');
    expect(plan("SELECT * FROM sessions WHERE state = 'ready' ORDER BY created_at DESC")).toMatch(/sessions_by_state/);
    expect(plan("SELECT * FROM sessions WHERE account_id = 'a' ORDER BY created_at DESC")).toMatch(
      /sessions_by_account/,
    );
    expect(plan('SELECT * FROM sessions ORDER BY created_at DESC')).toMatch(/sessions_by_created/);
    db.close();
    ledger = Ledger.openInMemory();
  });
});

// The ledger's schema, as an ordered list of migrations. The database's version is PRAGMA user_version:
// migration N (1-based) runs when user_version < N, inside the same transaction that bumps it, so a crash
// mid-migration leaves the previous version intact. Append new migrations; never edit a released one.
import type { DatabaseSync } from 'node:sqlite';
import { NewerSchemaError } from './open-failure.ts';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'accounts, sessions, acknowledged segments',
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        user_id TEXT,
        screen_name TEXT,
        api TEXT NOT NULL,
        api_base TEXT NOT NULL,
        upload_base TEXT NOT NULL,
        tier TEXT NOT NULL,
        verified_at INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        file TEXT NOT NULL,
        fingerprint_size INTEGER NOT NULL,
        fingerprint_mtime_ms REAL NOT NULL,
        fingerprint_edge_hash TEXT NOT NULL,
        account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
        api TEXT NOT NULL,
        total_bytes INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        media_category TEXT NOT NULL,
        additional_owners TEXT NOT NULL,
        alt_text TEXT,
        validation TEXT,
        media_id TEXT,
        expires_at INTEGER,
        chunk_size INTEGER NOT NULL,
        segments_total INTEGER NOT NULL,
        segments_acked INTEGER NOT NULL DEFAULT 0,
        bytes_acked INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        processing_percent REAL,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_created ON sessions (created_at);
      CREATE INDEX sessions_by_state ON sessions (state, created_at);
      CREATE INDEX sessions_by_account ON sessions (account_id, created_at);
      -- One row per segment X acknowledged: the resume state X itself cannot give back (reference §1).
      CREATE TABLE segments (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        segment_index INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        acked_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, segment_index)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'session notice (engine remarks such as "waiting for connection") and a key-value meta table',
    sql: `
      ALTER TABLE sessions ADD COLUMN notice TEXT;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 3,
    description: 'posts (text, media sessions, schedule, the send attempt) and threads of one account',
    sql: `
      CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE posts (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
        thread_id TEXT REFERENCES threads(id) ON DELETE CASCADE,
        thread_position INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL,
        media_session_ids TEXT NOT NULL,
        reply_to TEXT,
        scheduled_at INTEGER,
        awaiting_choice INTEGER NOT NULL DEFAULT 0,
        post_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        -- Set in the same commit as state 'posting', before POST /2/tweets goes out: while it is set the
        -- outcome is unknown, and the post is looked up among the account's posts before any resend.
        attempt_started_at INTEGER,
        error TEXT,
        notice TEXT,
        posted_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX posts_by_state ON posts (state, scheduled_at);
      CREATE INDEX posts_by_thread ON posts (thread_id, thread_position);
      CREATE INDEX posts_by_created ON posts (created_at);
    `,
  },
  {
    version: 4,
    description:
      'session conversion: the original file, its SHA-256, the plan and the ffmpeg command a fitted file came from',
    sql: `
      ALTER TABLE sessions ADD COLUMN conversion TEXT;
    `,
  },
  {
    version: 5,
    description: "each segment's hash when prepared, to notice a file changed while it is sent",
    sql: `
      CREATE TABLE segment_hashes (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        -- The plan the hashes were taken under: a session re-planned for another API needs new ones.
        chunk_size INTEGER NOT NULL,
        algorithm TEXT NOT NULL,
        -- One hex hash per segment, in order, space-separated (about 17 bytes per 5 MiB segment).
        hashes TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description:
      'OAuth 2.0 accounts: the public client id, when the access token expires, "sign in again", and the refresh lease',
    sql: `
      ALTER TABLE accounts ADD COLUMN oauth2_client_id TEXT;
      ALTER TABLE accounts ADD COLUMN oauth2_expires_at INTEGER;
      ALTER TABLE accounts ADD COLUMN oauth2_sign_in_again INTEGER NOT NULL DEFAULT 0;
      -- One OAuth 2.0 refresh at a time per account across processes; a lease expires if its holder died.
      CREATE TABLE oauth2_refresh_leases (
        account_id TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    description: "an account's last good number of APPENDs in flight, where the in-flight controller starts next time",
    sql: `
      CREATE TABLE account_tuning (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        appends_in_flight INTEGER NOT NULL CHECK (appends_in_flight BETWEEN 1 AND 64),
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 8,
    description: "each session's recent requests to X and X's answers, for its detail view (bounded per session)",
    sql: `
      CREATE TABLE session_requests (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        request TEXT NOT NULL,
        outcome TEXT NOT NULL,
        status INTEGER,
        error_kind TEXT,
        message TEXT,
        next_attempt INTEGER,
        next_at INTEGER
      );
      CREATE INDEX session_requests_by_session ON session_requests (session_id, seq);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/** Brings `db` up to `target` (default: the latest). Refuses a database written by a newer Xfer. */
export function migrate(db: DatabaseSync, target: number = SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) throw new NewerSchemaError(current, SCHEMA_VERSION);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is our own integer.
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

// The ledger's public API: the only module with SQL.
export { Ledger, IllegalTransition } from './ledger.ts';
export { AccountLedger } from './account-ledger.ts';
export type { LedgerOptions, NewSession, SessionQuery, SessionPatch } from './ledger.ts';
export { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from './migrations.ts';
export type { Migration } from './migrations.ts';
export { canTransition } from './transitions.ts';
export { PostLedger, IllegalPostTransition } from './post-ledger.ts';
export { canPostTransition } from './post-transitions.ts';
export type { NewPost, Post, PostPatch, PostQuery } from './post-types.ts';
export { LedgerOpenFailure, isLedgerOpenFailure, moveLedgerAside } from './open-failure.ts';
export type { LedgerProblem } from './open-failure.ts';
export { diskFullMessage, isDiskFull } from './disk-full.ts';

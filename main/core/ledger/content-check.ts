// The checks at open that SQLite itself does not make.
import type { DatabaseSync } from 'node:sqlite';
import { SESSION_STATES } from '../../common/session.ts';
import { DamagedContent } from './open-failure.ts';

/**
 * What SQLite's open does not notice: a damaged page (quick_check reads every page: ~8 ms for 10,000
 * sessions) and rows this Xfer cannot read (a state it does not know). Found here, at open, they are one
 * clear start-up error instead of a stack trace from whichever query meets them first.
 */
export function checkContent(db: DatabaseSync): void {
  const problems = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
  const first = problems[0]?.quick_check ?? 'ok';
  if (first !== 'ok') throw new DamagedContent(first.replace(/\s+/g, ' ').trim());
  for (const row of db.prepare('SELECT DISTINCT state FROM sessions').all()) {
    const state = String(row.state);
    if (!(SESSION_STATES as readonly string[]).includes(state)) {
      throw new DamagedContent(`a session is in the state "${state}", which this Xfer does not know`);
    }
  }
}

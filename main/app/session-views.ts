// Sessions as the renderer sees them: no fingerprint, the file's name beside its path (for
// display), and the account's name joined in.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Account } from '../common/account.ts';
import { PREVIEWABLE_TYPES, previewUrl, sessionPreviewId } from '../common/preview.ts';
import type { Session } from '../common/session.ts';
import type { SessionView } from '../ipc/contract.ts';

export function sessionView(session: Session, accountName: string | null): SessionView {
  const { fingerprint: _fingerprint, file, ...rest } = session;
  // A file moved or deleted since has no thumbnail (rather than a broken image and a 404 in the console).
  const preview =
    PREVIEWABLE_TYPES.has(session.mediaType) && existsSync(file) ? previewUrl(sessionPreviewId(session.id)) : null;
  return { ...rest, fileName: basename(file), filePath: file, accountName, previewUrl: preview };
}

/** Views for many sessions with one account lookup. */
export function sessionViews(sessions: readonly Session[], accounts: readonly Account[]): SessionView[] {
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  return sessions.map((session) =>
    sessionView(session, session.accountId ? (names.get(session.accountId) ?? null) : null),
  );
}

// Sessions as the renderer sees them: no fingerprint, the file's name beside its path (for
// display), and the account's name joined in.
import { basename } from 'node:path';
import type { Account } from '../common/account.ts';
import { PREVIEWABLE_TYPES, previewUrl, sessionPreviewId } from '../common/preview.ts';
import type { Session } from '../common/session.ts';
import type { SessionView } from '../ipc/contract.ts';

export function sessionView(session: Session, accountName: string | null): SessionView {
  const { fingerprint: _fingerprint, file, ...rest } = session;
  // No stat here (a list of 10,000 would be 10,000 of them): a file moved or deleted since is answered
  // 204 by the preview route (main/static/serve.ts previewAnswer), which the page shows as no thumbnail.
  const preview = PREVIEWABLE_TYPES.has(session.mediaType) ? previewUrl(sessionPreviewId(session.id)) : null;
  return { ...rest, fileName: basename(file), filePath: file, accountName, previewUrl: preview };
}

/** Views for many sessions with one account lookup. */
export function sessionViews(sessions: readonly Session[], accounts: readonly Account[]): SessionView[] {
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  return sessions.map((session) =>
    sessionView(session, session.accountId ? (names.get(session.accountId) ?? null) : null),
  );
}

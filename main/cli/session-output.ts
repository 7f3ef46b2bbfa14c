// Printing sessions: one JSON document with --json, otherwise one line each (and a draft's
// reasons, indented), so a person can read it and a script can parse the JSON.
import { basename } from 'node:path';
import type { Session } from '../core/ledger/types.ts';
import type { CliContext } from './context.ts';
import { formatBytes } from './progress.ts';
import { sessionJson } from './session-json.ts';

export function sessionLine(session: Session, accountName: string | null): string {
  const parts = [
    session.id.slice(0, 8),
    session.state.padEnd(10),
    basename(session.file),
    accountName ?? '(no account)',
    session.mediaCategory,
    formatBytes(session.totalBytes),
  ];
  if (session.mediaId) parts.push(`media_id ${session.mediaId}`);
  if (session.notice) parts.push(`(${session.notice})`);
  let line = parts.join('  ');
  if (session.error) line += `\n    ${session.error.kind}: ${session.error.message}`;
  for (const finding of session.validation?.findings ?? []) {
    if (finding.severity === 'error' || session.state === 'draft')
      line += `\n    ${finding.severity}: ${finding.message}`;
  }
  return line;
}

export function printSessions(
  ctx: CliContext,
  sessions: readonly Session[],
  names: Map<string, string>,
  extra: Record<string, unknown> = {},
): void {
  const nameOf = (session: Session) => (session.accountId ? (names.get(session.accountId) ?? null) : null);
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({ sessions: sessions.map((session) => sessionJson(session, nameOf(session))), ...extra })}\n`,
    );
    return;
  }
  for (const session of sessions) ctx.stdout.write(`${sessionLine(session, nameOf(session))}\n`);
}

export function printSession(ctx: CliContext, session: Session, names: Map<string, string>): void {
  const accountName = session.accountId ? (names.get(session.accountId) ?? null) : null;
  if (ctx.json) ctx.stdout.write(`${JSON.stringify({ session: sessionJson(session, accountName) })}\n`);
  else ctx.stdout.write(`${sessionLine(session, accountName)}\n`);
}

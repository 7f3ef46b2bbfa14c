// Printing sessions: one JSON document with --json, otherwise a table (header row, aligned columns,
// the state in colour on a terminal) and, under it, what went wrong for the sessions that need the
// user: a failure's error, a draft's reasons.
import { basename } from 'node:path';
import { categoryText } from '../common/media-types.ts';
import type { Session } from '../common/session.ts';
import { PLAIN, stateStyle } from './color.ts';
import type { CliContext } from './context.ts';
import { formatBytes } from './progress.ts';
import { sessionJson } from './session-json.ts';
import { renderTable, type Cell } from './table.ts';
import { printable } from '../common/printable.ts';

/** An account as the user tells it apart: the name they gave and, once known, its @handle. */
export interface AccountLabel {
  name: string;
  screenName: string | null;
}
export type AccountLabels = Map<string, AccountLabel>;

export function accountText(label: AccountLabel | undefined): string {
  if (!label) return '(no account)';
  return label.screenName && label.screenName !== label.name ? `${label.name} @${label.screenName}` : label.name;
}

const HEADERS = ['id', 'state', 'file', 'account', 'category', 'size', 'media id'];

function row(session: Session, labels: AccountLabels): Cell[] {
  return [
    session.id.slice(0, 8),
    { text: session.state, style: stateStyle(session.state) },
    printable(basename(session.file)),
    accountText(session.accountId ? labels.get(session.accountId) : undefined),
    categoryText(session.mediaCategory, session.validation),
    formatBytes(session.totalBytes),
    session.mediaId ?? '',
  ];
}

/** The lines under the table: why a session failed or is a draft, and any notice. */
function details(session: Session): string[] {
  const lines: string[] = [];
  const id = session.id.slice(0, 8);
  if (session.error) lines.push(`${id}  ${session.error.kind}: ${printable(session.error.message)}`);
  if (session.notice) lines.push(`${id}  ${printable(session.notice)}`);
  for (const finding of session.validation?.findings ?? []) {
    if (finding.severity === 'error' || session.state === 'draft')
      lines.push(`${id}  ${finding.severity}: ${finding.message}`);
  }
  return lines;
}

export function sessionsTable(ctx: CliContext, sessions: readonly Session[], labels: AccountLabels): string {
  const out = ctx.stdout as { columns?: number; isTTY?: boolean };
  const table = renderTable(
    HEADERS,
    sessions.map((session) => row(session, labels)),
    { palette: ctx.palette ?? PLAIN, shrink: 2, ...(out.isTTY && out.columns ? { maxWidth: out.columns - 1 } : {}) },
  );
  const notes = sessions.flatMap(details);
  return notes.length === 0 ? table : `${table}\n${notes.join('\n')}\n`;
}

export function printSessions(
  ctx: CliContext,
  sessions: readonly Session[],
  labels: AccountLabels,
  extra: Record<string, unknown> = {},
): void {
  const nameOf = (session: Session) => (session.accountId ? (labels.get(session.accountId)?.name ?? null) : null);
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({ sessions: sessions.map((session) => sessionJson(session, nameOf(session))), ...extra })}\n`,
    );
    return;
  }
  if (sessions.length > 0) ctx.stdout.write(sessionsTable(ctx, sessions, labels));
}

export function printSession(ctx: CliContext, session: Session, labels: AccountLabels): void {
  const accountName = session.accountId ? (labels.get(session.accountId)?.name ?? null) : null;
  if (ctx.json) ctx.stdout.write(`${JSON.stringify({ session: sessionJson(session, accountName) })}\n`);
  else ctx.stdout.write(sessionsTable(ctx, [session], labels));
}

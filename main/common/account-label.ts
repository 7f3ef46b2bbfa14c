// How an account is told apart wherever it appears (picker, rows, filters, confirmations, the CLI):
// the name the user gave, its @handle when that differs, and the server when it is not X's own.

export interface LabelledAccount {
  name: string;
  kind: 'x' | 'sandbox';
  screenName: string | null;
  apiBase: string;
}

const X_HOSTS = new Set(['api.x.com', 'api.twitter.com']);

/** "X" for X's own API, "sandbox (local)" for the built-in one, otherwise the server's host. */
export function serverLabel(account: Pick<LabelledAccount, 'kind' | 'apiBase'>): string {
  if (account.kind === 'sandbox') return 'sandbox (local)';
  const host = URL.parse(account.apiBase)?.host ?? account.apiBase;
  return X_HOSTS.has(host) ? 'X' : host;
}

/** "Work (@alice)", "alice", "Test (@bob) · 127.0.0.1:8787". */
export function accountLabel(account: LabelledAccount): string {
  const handle = account.screenName && account.screenName !== account.name ? ` (@${account.screenName})` : '';
  const server = account.kind === 'x' ? serverLabel(account) : 'X';
  return `${account.name}${handle}${server === 'X' ? '' : ` · ${server}`}`;
}

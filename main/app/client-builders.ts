// The code that builds an account's X clients: the only holder of the secret accessors (connections).
// Uploads and posts are signed by the same connection (whatever credentials the account has); before the
// first send an account added offline is verified, and the sandbox's account waits for its sandbox.
import type { Account } from '../common/account.ts';
import { isXferFailure } from '../common/errors.ts';
import type { AccountConnections, AccountRegistry } from '../core/accounts/registry.ts';
import type { Ledger } from '../core/ledger/index.ts';
import { createUploadClient } from '../core/x-api/create-client.ts';
import { createPostsClient, type PostsClient } from '../core/x-api/posts-client.ts';
import type { UploadClient } from '../core/x-api/types.ts';
import type { SandboxControl } from './embedded-sandbox.ts';

export interface ClientBuilderDeps {
  ledger: Ledger;
  accounts: AccountRegistry;
  connections: AccountConnections;
  sandbox: SandboxControl;
  fetch?: typeof fetch | undefined;
}

export interface ClientBuilders {
  uploadClientFor(stored: Account): Promise<UploadClient>;
  postsClientFor(stored: Account): Promise<PostsClient>;
  /** The ids of the accounts a client was built for: the connectivity probe looks at their API bases. */
  sendingFor: ReadonlySet<string>;
}

export function clientBuilders(deps: ClientBuilderDeps): ClientBuilders {
  const { ledger, accounts, connections, sandbox } = deps;
  const sendingFor = new Set<string>();
  const connectionFor = async (stored: Account) => {
    if (stored.kind === 'sandbox') await sandbox.ensure();
    // The embedded sandbox's account is verified when it starts; one running elsewhere is checked here.
    if ((ledger.getAccount(stored.id) ?? stored).verifiedAt === null) await verifyUnlessOffline(accounts, stored.id);
    sendingFor.add(stored.id);
    const connection = await connections.connectionFor(stored.id);
    return { ...connection, ...(deps.fetch && { fetch: deps.fetch }) };
  };
  return {
    uploadClientFor: async (stored) => createUploadClient(await connectionFor(stored)),
    postsClientFor: async (stored) => createPostsClient(await connectionFor(stored)),
    sendingFor,
  };
}

/** First send of an account added offline: learn who it is; if X is unreachable, the engine will find out and wait. */
async function verifyUnlessOffline(accounts: AccountRegistry, accountId: string): Promise<void> {
  try {
    await accounts.verify(accountId);
  } catch (thrown) {
    if (isXferFailure(thrown) && thrown.error.kind === 'network') return;
    throw thrown;
  }
}

// What the bench's Xfer clients open: the app's own services (main/app/services.ts) over the job's data dir,
// pointed at the bench's sandbox as "a sandbox running elsewhere". The sandbox account's secrets are its public
// demo credentials, never in the keychain; nothing else is stored, so an in-memory store is enough.
import { openServices, type Services, type ServicesOptions } from '../../main/app/services.ts';
import type { Account } from '../../main/common/account.ts';
import type { SecretStore } from '../../main/core/accounts/types.ts';
import type { ClientJob } from './job.ts';

function memorySecrets(): SecretStore {
  const entries = new Map<string, string>();
  return {
    get: async (key) => entries.get(key) ?? null,
    set: async (key, value) => void entries.set(key, value),
    delete: async (key) => entries.delete(key),
  };
}

export async function openSandboxServices(
  job: ClientJob,
  extra: Partial<ServicesOptions> = {},
): Promise<{ services: Services; account: Account }> {
  if (!job.dataDir) throw new Error('the job has no dataDir');
  const services = await openServices({
    dataDir: job.dataDir,
    secretStore: memorySecrets(),
    sandbox: {
      url: job.apiBase,
      consumerKey: job.consumerKey,
      consumerSecret: job.consumerSecret,
      users: [
        { userId: '1880000000000000001', screenName: 'xfer_demo', token: job.token, tokenSecret: job.tokenSecret },
      ],
    },
    resume: false,
    ...extra,
  });
  const account = services.accounts.list().find((candidate) => candidate.kind === 'sandbox');
  if (!account) throw new Error('no sandbox account');
  return { services, account };
}

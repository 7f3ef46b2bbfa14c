// The credentials the fake X knows. Deliberately full of characters that need encoding.
import { createUploadClient, type UploadClient, type UploadClientOptions } from '../../../main/core/x-api/index.ts';
import { type ApiVersion } from '../../../main/common/account.ts';
export const consumer = { consumerKey: 'fake-consumer-key-7f3a', consumerSecret: 'fake-consumer-secret-Q9x!d&e' };
export const user = { token: '1880000000000000001-fakeAccessTokenZ', tokenSecret: 'fake-token-secret-+/= 9k' };
export const credentials = { ...consumer, ...user };
export const fakeUser = { id: '1880000000000000001', username: 'xfer_tester', name: 'Xfer Tester' };

/** An upload client signing as the fake user, with both of its bases at `origin`. */
export function clientAt(
  origin: string,
  api: ApiVersion = 'v2',
  options: Omit<Partial<UploadClientOptions>, 'api' | 'endpoints'> = {},
): UploadClient {
  return createUploadClient({ api, endpoints: { apiBase: origin, uploadBase: origin }, credentials, ...options });
}

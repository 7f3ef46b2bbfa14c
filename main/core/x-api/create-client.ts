// The factory: one UploadClient interface, the adapter chosen by API version.
import { adapterSettings, type UploadClientOptions } from './client-options.ts';
import type { UploadClient } from './types.ts';
import { V1UploadClient } from './v1-client.ts';
import { V2UploadClient } from './v2-client.ts';

export function createUploadClient(options: UploadClientOptions): UploadClient {
  const settings = adapterSettings(options);
  return options.api === 'v1.1' ? new V1UploadClient(settings) : new V2UploadClient(settings);
}

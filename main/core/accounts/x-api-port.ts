// The three X calls the registry makes, as one injectable port: the real ones (main/core/x-api)
// by default, fakes in tests, or the real ones bound to a test dispatcher.
import type { ConsumerCredentials, TokenCredentials } from '../oauth1/sign.ts';
import { createUploadClient } from '../x-api/create-client.ts';
import { accessToken, requestToken, type AccessTokenResult, type RequestTokenResult } from '../x-api/pin-login.ts';
import type { ClientCredentials, Endpoints, Identity } from '../x-api/types.ts';
import type { ApiVersion } from '../../common/account.ts';

export interface XApi {
  requestToken(consumer: ConsumerCredentials, apiBase: string): Promise<RequestTokenResult>;
  accessToken(
    consumer: ConsumerCredentials,
    requestToken: TokenCredentials,
    pin: string,
    apiBase: string,
  ): Promise<AccessTokenResult>;
  verifyCredentials(connection: {
    api: ApiVersion;
    endpoints: Endpoints;
    credentials: ClientCredentials;
  }): Promise<Identity>;
}

export const defaultXApi: XApi = {
  requestToken: (consumer, apiBase) => requestToken(consumer, apiBase),
  accessToken: (consumer, token, pin, apiBase) => accessToken(consumer, token, pin, apiBase),
  verifyCredentials: (connection) => createUploadClient(connection).verifyCredentials(),
};

// The only module that touches `window.xfer`. Everything else receives the api as a value,
// so state classes can be tested against a bridge over an in-memory transport.
import type { XferApi } from '../../main/ipc/contract.ts';

declare global {
  interface Window {
    xfer?: XferApi;
  }
}

export type { XferApi };

export function getApi(): XferApi {
  if (!window.xfer) throw new Error('window.xfer is missing: the preload (or the harness bridge) did not run');
  return window.xfer;
}

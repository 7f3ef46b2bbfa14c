// node:http loaded through require, not import. Node's ES-module view of a built-in reads every one of its
// exports, and node:http's lazy getters (WebSocket, EventSource, …) then load and compile all of undici:
// ~75 ms on every start of a command that sends (Node 24: `await import('node:http')` ~85 ms, `require` ~8 ms),
// for classes nothing here uses. Types still come from the module itself.
import { createRequire } from 'node:module';
import type * as Http from 'node:http';

export const nodeHttp = createRequire(import.meta.url)('node:http') as typeof Http;

// POST /__upload__: one file's bytes from the page into the app's staging folder. The lock
// (token, Origin, host) was checked before; here: the method, the name header, the length.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isXferFailure } from '../common/errors.ts';
import type { HarnessApp } from './app.ts';
import { FILE_NAME_HEADER } from './protocol.ts';

function answer(response: ServerResponse, status: number, body: unknown, policy: string): void {
  response
    .writeHead(status, {
      'content-type': 'application/json',
      'content-security-policy': policy,
      'cache-control': 'no-store',
    })
    .end(JSON.stringify(body));
}

export async function receiveUpload(
  request: IncomingMessage,
  response: ServerResponse,
  app: HarnessApp,
  policy: string,
): Promise<void> {
  if (request.method !== 'POST') return answer(response, 405, { error: 'POST the file’s bytes' }, policy);
  if (!app.stage) return answer(response, 404, { error: 'this app takes no uploads' }, policy);
  const header = request.headers[FILE_NAME_HEADER];
  let name: string;
  try {
    name = typeof header === 'string' ? decodeURIComponent(header) : '';
  } catch {
    name = '';
  }
  if (!name || name.length > 1000)
    return answer(response, 400, { error: `${FILE_NAME_HEADER}: the file’s name, percent-encoded` }, policy);
  const length = request.headers['content-length'];
  const announced = length === undefined ? null : Number(length);
  if (announced !== null && !Number.isSafeInteger(announced))
    return answer(response, 400, { error: 'content-length' }, policy);
  try {
    answer(response, 200, await app.stage(name, request, announced), policy);
  } catch (thrown) {
    if (!isXferFailure(thrown)) throw thrown;
    answer(response, 400, { error: thrown.error.message }, policy);
  }
}

// OAuth 2.0 accounts through the same request abstraction as OAuth 1.0a: a Bearer header, one
// resend after a 401 when the token source has a fresher token, no token in any message, and
// v1.1 refused before anything is sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isXferFailure } from '../../../main/common/errors.ts';
import { createUploadClient, type BearerTokenSource } from '../../../main/core/x-api/index.ts';
import { failureOf } from '../../fakes/failure-of.ts';

interface Seen {
  authorization: string;
  path: string;
  bytes: number;
}

let server: Server;
let origin: string;
let seen: Seen[];
/** The token the server accepts now; anything else is 401 (with the token echoed, as a careless proxy might). */
let accepted: string;

beforeEach(async () => {
  seen = [];
  accepted = 'access-1';
  server = createServer((request: IncomingMessage, response) => {
    let bytes = 0;
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      const authorization = request.headers.authorization ?? '';
      seen.push({ authorization, path: request.url ?? '', bytes });
      response.setHeader('content-type', 'application/json');
      if (authorization !== `Bearer ${accepted}`) {
        response.statusCode = 401;
        response.end(
          JSON.stringify({ title: 'Unauthorized', detail: `token ${authorization} is not valid`, status: 401 }),
        );
        return;
      }
      if (request.url === '/2/users/me') {
        response.end(JSON.stringify({ data: { id: '2244994945', name: 'Dev', username: 'XDevelopers' } }));
      } else {
        response.statusCode = 204;
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A token source that refreshes to access-2, access-3, … and counts its refreshes. */
function source(first = 'access-1'): BearerTokenSource & { refreshes: number } {
  let current = first;
  const tokens = {
    refreshes: 0,
    accessToken: async () => current,
    refreshAfterRejection: async (rejected: string) => {
      if (rejected !== current) return current; // someone else refreshed already
      tokens.refreshes += 1;
      current = `access-${tokens.refreshes + 1}`;
      return current;
    },
  };
  return tokens;
}

function client(tokens: BearerTokenSource, api: 'v2' | 'v1.1' = 'v2') {
  return createUploadClient({
    api,
    endpoints: { apiBase: origin, uploadBase: origin },
    credentials: { bearer: tokens },
    timeoutMs: 5_000,
  });
}

describe('Bearer requests', () => {
  it('carry the access token as Bearer and nothing of OAuth 1.0a', async () => {
    const identity = await client(source()).verifyCredentials();
    expect(identity).toMatchObject({ userId: '2244994945', screenName: 'XDevelopers' });
    expect(seen).toEqual([{ authorization: 'Bearer access-1', path: '/2/users/me', bytes: 0 }]);
  });

  it('after a 401 the token is refreshed once and the request, file bytes included, goes again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xfer-bearer-'));
    try {
      const path = join(dir, 'chunk.bin');
      await writeFile(path, Buffer.alloc(70_000, 7));
      accepted = 'access-2'; // the stored token expired at X
      const tokens = source();
      await client(tokens).append('1880028106020515840', 0, { path, start: 0, length: 70_000 });
      expect(tokens.refreshes).toBe(1);
      expect(seen.map((request) => request.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
      expect(seen[1]?.bytes).toBe(seen[0]?.bytes);
      expect(seen[1]?.bytes).toBeGreaterThan(70_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a second 401 is an auth error (no loop of refreshes), and no token appears in it', async () => {
    accepted = 'never-issued';
    const tokens = source();
    const error = await failureOf(client(tokens).verifyCredentials());
    expect(error.kind).toBe('auth');
    expect(tokens.refreshes).toBe(1);
    expect(seen).toHaveLength(2);
    expect(error.message).not.toContain('access-1');
    expect(error.message).not.toContain('access-2');
    expect(error.message).toContain('[redacted]');
  });

  it('a 401 with no fresher token is not sent again', async () => {
    accepted = 'never-issued';
    const error = await failureOf(
      client({ accessToken: async () => 'access-1', refreshAfterRejection: async () => null }).verifyCredentials(),
    );
    expect(error.kind).toBe('auth');
    expect(seen).toHaveLength(1);
  });

  it('v1.1 with an OAuth 2.0 account is refused before anything is sent, with the reason', async () => {
    let thrown: unknown;
    try {
      client(source(), 'v1.1');
    } catch (caught) {
      thrown = caught;
    }
    expect(isXferFailure(thrown) && thrown.error).toMatchObject({ kind: 'validation' });
    expect(isXferFailure(thrown) && thrown.error.message).toMatch(/v1\.1 .*OAuth 1\.0a/);
    expect(seen).toHaveLength(0);
  });
});

// A loopback stand-in for X's upload hosts (both dialects) that checks what arrives:
// method, path, content type, the OAuth signature (rebuilt with the oauth1 module from the
// query, the form fields when form-encoded, and nothing else), and the bytes of each segment.
// Tests script failures with respondOnce() and hang().
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import busboy from 'busboy';
import {
  hmacSha1,
  parseAuthorizationHeader,
  signatureBaseString,
  signingKey,
  type Pair,
} from '../../../main/core/oauth1/index.ts';
import { consumer, user } from './fake-credentials.ts';
import { routeX, type FakeState } from './fake-x-routes.ts';

export interface ArrivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string;
  /** Form fields (form-encoded or multipart), by name. */
  fields: Record<string, string>;
  json?: unknown;
  /** The multipart `media` part. */
  media?: Buffer;
  oauth: Record<string, string>;
  signatureValid: boolean;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Override {
  matches: (request: ArrivedRequest) => boolean;
  respond: ScriptedResponse | 'hang';
}

export interface FakeX {
  origin: string;
  requests: ArrivedRequest[];
  state: FakeState;
  /** The next request that matches gets this answer instead of X's behaviour ('hang': never answered). */
  respondOnce(matches: (request: ArrivedRequest) => boolean, respond: ScriptedResponse | 'hang'): void;
  /** Resolves once the connection of every request left unanswered ('hang') has closed. */
  hungConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseMultipart(
  contentType: string,
  body: Buffer,
): Promise<{ fields: Record<string, string>; media?: Buffer }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let media: Buffer | undefined;
    const parser = busboy({ headers: { 'content-type': contentType }, limits: { fileSize: 64 * 1024 * 1024 } });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream) => {
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('end', () => {
        if (name === 'media') media = Buffer.concat(parts);
      });
    });
    parser.on('close', () => resolve({ fields, ...(media && { media }) }));
    parser.on('error', reject);
    parser.end(body);
  });
}

/** RFC 5849 §3.2: rebuilds the base string from what arrived and checks the signature. */
function verifySignature(
  method: string,
  url: URL,
  formFields: Pair[],
  oauth: Record<string, string>,
  tokenSecrets: Map<string, string>,
): boolean {
  if (oauth.oauth_consumer_key !== consumer.consumerKey || oauth.oauth_signature_method !== 'HMAC-SHA1') return false;
  const tokenSecret = oauth.oauth_token === undefined ? '' : tokenSecrets.get(oauth.oauth_token);
  if (tokenSecret === undefined) return false;
  const params: Pair[] = [
    ...url.searchParams,
    ...formFields,
    ...Object.entries(oauth).filter(([name]) => name !== 'oauth_signature'),
  ];
  const base = signatureBaseString(method, url.href, params);
  return hmacSha1(signingKey(consumer.consumerSecret, tokenSecret), base) === oauth.oauth_signature;
}

export async function startFakeX(): Promise<FakeX> {
  const requests: ArrivedRequest[] = [];
  const overrides: Override[] = [];
  const hungSockets = new Set<Socket>();
  const seenNonces = new Set<string>();
  const state: FakeState = {
    nextMediaId: 1_880_028_106_020_515_841n, // above 2^53, as real ids are
    media: new Map(),
    altTexts: new Map(),
    tokenSecrets: new Map([[user.token, user.tokenSecret]]),
    requestTokens: new Map(),
    processingScript: [],
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const contentType = request.headers['content-type'] ?? '';
    const body = await readBody(request);
    let fields: Record<string, string> = {};
    let formPairs: Pair[] = [];
    let json: unknown;
    let media: Buffer | undefined;
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      formPairs = [...new URLSearchParams(body.toString('utf8'))];
      fields = Object.fromEntries(formPairs);
    } else if (contentType.startsWith('multipart/form-data')) {
      ({ fields, media } = await parseMultipart(contentType, body));
    } else if (contentType.startsWith('application/json')) {
      json = JSON.parse(body.toString('utf8'));
    }
    const header = parseAuthorizationHeader(request.headers.authorization);
    const oauth = header.ok ? header.params : {};
    const nonce = oauth.oauth_nonce ?? '';
    const fresh = nonce !== '' && !seenNonces.has(nonce);
    seenNonces.add(nonce);
    const arrived: ArrivedRequest = {
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType,
      fields,
      ...(json !== undefined && { json }),
      ...(media && { media }),
      oauth,
      signatureValid:
        header.ok && fresh && verifySignature(request.method ?? '', url, formPairs, oauth, state.tokenSecrets),
    };
    requests.push(arrived);

    const override = overrides.findIndex((candidate) => candidate.matches(arrived));
    if (override >= 0) {
      const [{ respond }] = overrides.splice(override, 1) as [Override];
      if (respond === 'hang') {
        // Never answered: only the client's timeout or abort can end this exchange.
        const socket = request.socket;
        if (!socket.destroyed) {
          hungSockets.add(socket);
          socket.on('close', () => hungSockets.delete(socket));
        }
        return;
      }
      send(response, respond);
      return;
    }
    if (!arrived.signatureValid) {
      send(response, {
        status: 401,
        body: JSON.stringify({ errors: [{ code: 32, message: 'Could not authenticate you.' }] }),
      });
      return;
    }
    send(response, routeX(arrived, state));
  }

  function send(response: ServerResponse, answer: ScriptedResponse): void {
    const headers = { 'content-type': 'application/json; charset=utf-8', ...answer.headers };
    response.writeHead(answer.status, headers);
    response.end(answer.body ?? '');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((thrown: unknown) => {
      send(response, { status: 500, body: `fake X failed: ${String(thrown)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    state,
    respondOnce(matches, respond) {
      overrides.push({ matches, respond });
    },
    async hungConnectionsClosed() {
      while (hungSockets.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// startSandbox: wires the verifier, upload service, routes, faults and rate limits into one
// node:http (or node:https) server on 127.0.0.1 that serves v2, v1.1 and the PIN login on one origin.
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import {
  SANDBOX_CONSUMER_KEY,
  SANDBOX_CONSUMER_SECRET,
  SANDBOX_OAUTH2_CLIENT_ID,
  SANDBOX_OAUTH2_REDIRECT_URI,
  SANDBOX_USERS,
} from './credentials.ts';
import { createFaultPlan } from './faults.ts';
import { createSnowflakeIds, FIRST_MEDIA_ID } from './ids.ts';
import { reportOf, type Violation } from './media-record.ts';
import { createOAuth2Grants, DEFAULT_OAUTH2_LIFETIMES } from './oauth2-grants.ts';
import { createPinLogin } from './pin-login.ts';
import { compareIds, createPostService } from './posts.ts';
import { createRateLimiter } from './rate-limit.ts';
import { oauth2Routes } from './routes-oauth2.ts';
import { postRoutes, type PostRequestRecord } from './routes-posts.ts';
import { v1Routes } from './routes-v1.ts';
import { v2Routes } from './routes-v2.ts';
import { openSegmentFiles } from './segment-files.ts';
import { createRequestLog } from './request-log.ts';
import { createPipeline, type RuntimeSettings } from './server.ts';
import { answerClientError } from './wire.ts';
import { makeCertificates } from './tls.ts';
import { createUploadService } from './uploads.ts';
import { createVerifier } from './verifier.ts';
import type { Sandbox, SandboxOptions } from './sandbox-types.ts';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const users = options.users?.length ? options.users : [...SANDBOX_USERS];
  const files = await openSegmentFiles(options.storageDir);
  const digests = new Map<string, Promise<string>>();
  const violations: Violation[] = [];
  const nextMediaId = createSnowflakeIds({ now, floor: options.firstMediaId ?? FIRST_MEDIA_ID });
  const issuedMediaIds: string[] = [];
  const service = createUploadService({
    files,
    now,
    nextMediaId: () => {
      const id = nextMediaId();
      issuedMediaIds.push(id);
      return id;
    },
    processingMs: options.processingMs ?? 2000,
    expiresAfterSecs: options.expiresAfterSecs ?? 86_400,
    finalizedExpiresAfterSecs: options.finalizedExpiresAfterSecs ?? 86_400,
    isKnownUser: (userId) => users.some((user) => user.userId === userId),
  });
  const posts = createPostService({ now, media: service.records, users });
  posts.setCredits(options.credits ?? null);
  const postRequests: PostRequestRecord[] = [];
  const pinLogin = createPinLogin(users);
  const grants = createOAuth2Grants({
    clients: [
      {
        clientId: SANDBOX_OAUTH2_CLIENT_ID,
        name: 'Xfer (sandbox demo app)',
        redirectUris: [SANDBOX_OAUTH2_REDIRECT_URI],
        anyLoopbackPort: true,
      },
      ...(options.oauth2Clients ?? []),
    ],
    users,
    now,
    lifetimes: { ...DEFAULT_OAUTH2_LIFETIMES, ...options.oauth2Lifetimes },
  });
  const verifier = createVerifier({
    consumerKey: SANDBOX_CONSUMER_KEY,
    consumerSecret: SANDBOX_CONSUMER_SECRET,
    lookupToken(token, kind) {
      if (kind === 'request') return pinLogin.lookupRequestToken(token);
      const user = users.find((candidate) => candidate.token === token);
      return user ? { secret: user.tokenSecret, userId: user.userId } : null;
    },
  });
  const deps = { service, now };
  const settings: RuntimeSettings = {
    faults: createFaultPlan(options.faults),
    latencyMs: options.latencyMs ?? 0,
    bandwidthBytesPerSec: options.bandwidthBytesPerSec ?? 0,
  };
  const requestLog = createRequestLog();
  const certificates = options.tls ? await makeCertificates() : null;
  const handler = createPipeline({
    routes: [
      ...oauth2Routes(grants, users),
      ...v2Routes(deps),
      ...postRoutes(posts, users, (entry) => postRequests.push({ ...entry, at: now() })),
      ...v1Routes(deps),
      ...pinLogin.routes,
    ],
    verifier,
    grants,
    rateLimiter: createRateLimiter(options.rateLimits),
    files,
    users,
    now,
    scheme: certificates ? 'https' : 'http',
    settings,
    requestLog,
    recordViolation: (violation) => violations.push({ ...violation, at: now() }),
    discard: service.discard,
  });
  const server: Server = certificates
    ? createHttpsServer({ key: certificates.key, cert: certificates.cert }, handler)
    : createHttpServer(handler);

  server.on('clientError', answerClientError);

  let online = true;
  const sockets = new Set<Socket>();
  server.on(certificates ? 'secureConnection' : 'connection', (socket: Socket) => {
    if (!online) return socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  if (certificates) server.on('connection', (socket: Socket) => void (!online && socket.destroy()));

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let caCert: string | null = null;
  if (certificates) {
    caCert = join(files.dir, 'sandbox-ca.pem');
    await writeFile(caCert, certificates.caPem);
  }

  return {
    url: `${certificates ? 'https' : 'http'}://${host}:${port}`,
    port,
    consumerKey: SANDBOX_CONSUMER_KEY,
    consumerSecret: SANDBOX_CONSUMER_SECRET,
    users: users.map(({ userId, screenName, token, tokenSecret }) => ({ userId, screenName, token, tokenSecret })),
    caCert,
    caPem: certificates?.caPem ?? null,
    mediaIds: () => [...issuedMediaIds],
    inspect(mediaId) {
      const record = service.records.get(mediaId);
      return record ? reportOf(record, now(), violations) : null;
    },
    digest(mediaId) {
      const record = service.records.get(mediaId);
      if (!record || record.finalizedAt === null) return Promise.resolve(null);
      let digest = digests.get(mediaId);
      if (!digest) {
        digest = files.sha256(
          mediaId,
          [...record.segments.keys()].sort((a, b) => a - b),
        );
        digests.set(mediaId, digest);
      }
      return digest;
    },
    violations: () => [...violations],
    requests: () => requestLog.entries(),
    setFaults: (faults) => void (settings.faults = createFaultPlan(faults)),
    setLatency: (latencyMs) => void (settings.latencyMs = latencyMs),
    setBandwidth: (bytesPerSecond) => void (settings.bandwidthBytesPerSec = bytesPerSecond),
    setOnline(next) {
      online = next;
      if (!next) for (const socket of sockets) socket.destroy();
    },
    pinFor: pinLogin.pinFor,
    posts: (authorId) =>
      authorId === undefined
        ? [...posts.posts.values()].sort((a, b) => compareIds(b.id, a.id))
        : posts.byAuthor(authorId),
    setCredits: posts.setCredits,
    oauth2ClientId: SANDBOX_OAUTH2_CLIENT_ID,
    oauth2: {
      refreshTokenUses: grants.refreshTokenUses,
      setLifetimes: grants.setLifetimes,
      isRevoked: grants.isRevoked,
      liveGrants: grants.liveGrants,
      bearerRequests: grants.bearerRequests,
    },
    postRequests: () => [...postRequests],
    setAnswerGate: requestLog.setGate,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await files.close();
    },
  };
}

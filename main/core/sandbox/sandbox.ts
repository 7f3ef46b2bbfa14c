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
  type SandboxUser,
} from './credentials.ts';
import { createFaultPlan, type FaultKind, type FaultOptions } from './faults.ts';
import { createSnowflakeIds, FIRST_MEDIA_ID } from './ids.ts';
import { reportOf, type MediaReport, type Violation } from './media-record.ts';
import {
  createOAuth2Grants,
  DEFAULT_OAUTH2_LIFETIMES,
  type OAuth2Client,
  type OAuth2Lifetimes,
  type RefreshTokenUse,
} from './oauth2-grants.ts';
import { createPinLogin } from './pin-login.ts';
import { compareIds, createPostService, type StoredPost } from './posts.ts';
import { createRateLimiter, type RateBucket } from './rate-limit.ts';
import { oauth2Routes } from './routes-oauth2.ts';
import { postRoutes, type PostRequestRecord } from './routes-posts.ts';
import { v1Routes } from './routes-v1.ts';
import { v2Routes } from './routes-v2.ts';
import { openSegmentFiles } from './segment-files.ts';
import { createRequestLog, type LoggedRequest } from './request-log.ts';
import { answerClientError, createPipeline, type RuntimeSettings } from './server.ts';
import { makeCertificates } from './tls.ts';
import { createUploadService } from './uploads.ts';
import { createVerifier } from './verifier.ts';
import { createRequestJournal, type AnswerGate, type JournalEntry } from './request-journal.ts';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  tls?: boolean;
  faults?: FaultOptions | null;
  latencyMs?: number;
  bandwidthBytesPerSec?: number;
  /** The sandbox clock (ms since epoch): OAuth timestamps, expiry, processing, rate windows. */
  now?: () => number;
  /** How long simulated processing of video and GIF takes, in sandbox-clock ms. Default 2000. */
  processingMs?: number;
  /** Seconds from INIT to FINALIZE before an upload expires. Default 86400. */
  expiresAfterSecs?: number;
  /** Seconds a finalized media id stays usable. Default 86400. */
  finalizedExpiresAfterSecs?: number;
  /** Per-user limits per 15-minute window; defaults from reference §2. */
  rateLimits?: Partial<Record<RateBucket, number>>;
  /** Segment files go here; default a temp dir removed on close. */
  storageDir?: string;
  /** Replaces the two demo users (at least one). */
  users?: SandboxUser[];
  /** No media id is lower (ids are time-based above it). */
  firstMediaId?: bigint;
  /** Posts the app may create before X answers 402 (out of credits); default unlimited. */
  credits?: number | null;
  /** OAuth 2.0 token and code lifetimes (tests: a few seconds); X's 2 h and 30 s by default. */
  oauth2Lifetimes?: Partial<OAuth2Lifetimes>;
  /** OAuth 2.0 apps besides the demo client (redirect URIs matched exactly). */
  oauth2Clients?: OAuth2Client[];
}

export interface SandboxUserCredentials {
  userId: string;
  screenName: string;
  token: string;
  tokenSecret: string;
}

export interface Sandbox {
  /** Origin, e.g. http://127.0.0.1:40123; serves v2, v1.1 and /oauth paths. */
  url: string;
  port: number;
  consumerKey: string;
  consumerSecret: string;
  users: SandboxUserCredentials[];
  /** Path of the CA certificate (PEM) in TLS mode. */
  caCert: string | null;
  caPem: string | null;
  inspect(mediaId: string): MediaReport | null;
  /** Every media id this sandbox handed out (INIT and one-shot uploads), oldest first. */
  mediaIds(): string[];
  /**
   * SHA-256 (hex) of the assembled bytes once FINALIZE has accepted them, else null. Computed when asked:
   * X hashes nothing for its clients, so FINALIZE does not spend ~0.7 s per GB on it.
   */
  digest(mediaId: string): Promise<string | null>;
  violations(): Violation[];
  /** Every request faults may hit, in arrival order, with its fault and when that failure was answered. */
  requests(): LoggedRequest[];
  setFaults(faults: FaultOptions | null): void;
  setLatency(latencyMs: number): void;
  setBandwidth(bytesPerSecond: number): void;
  /** Offline: every connection is cut at once, as when the network is gone. */
  setOnline(online: boolean): void;
  /** The PIN shown for a request token; optionally approve as another demo user. */
  pinFor(requestToken: string, screenName?: string): string | null;
  /** Every post created (of one author, when given), newest first. */
  posts(authorId?: string): StoredPost[];
  /** Every POST /2/tweets that reached the application (after faults, auth and rate limits), in order. */
  postRequests(): PostRequestRecord[];
  /**
   * Every INIT, APPEND, one-shot, FINALIZE and STATUS that reached the application (past faults and auth),
   * when it arrived and when it was answered, in order (request-journal.ts).
   */
  uploadRequests(): JournalEntry[];
  /** Holds each media answer until the gate's promise settles (tests of ordering); null releases. */
  setAnswerGate(gate: AnswerGate | null): void;
  /** How many more posts the app may create before 402; null for unlimited. */
  setCredits(credits: number | null): void;
  /** The OAuth 2.0 demo app's client id (public client, no secret). */
  oauth2ClientId: string;
  oauth2: {
    /** Every refresh token issued, in order, with how many times it was presented (a fingerprint, not the token). */
    refreshTokenUses(): RefreshTokenUse[];
    setLifetimes(lifetimes: Partial<OAuth2Lifetimes>): void;
    /** Whether the grant behind an access or refresh token is revoked (or the token is unknown). */
    isRevoked(token: string): boolean;
    /** Grants (sign-ins) not revoked. */
    liveGrants(): number;
    /** Every request a Bearer token authorized, as "METHOD /path", in order. */
    bearerRequests(): string[];
  };
  close(): Promise<void>;
}

export type { FaultKind, FaultOptions };

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
  const journal = createRequestJournal();
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
    journal,
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
    uploadRequests: journal.entries,
    setAnswerGate: journal.setGate,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await files.close();
    },
  };
}

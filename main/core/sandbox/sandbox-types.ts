// What a started sandbox is: the options it starts with and the handle tests, the bench and the app
// hold (its origin, its credentials, and what it saw). Types only; sandbox.ts builds one.
import type { SandboxUser } from './credentials.ts';
import type { FaultOptions } from './faults.ts';
import type { MediaReport, Violation } from './media-record.ts';
import type { OAuth2Client, OAuth2Lifetimes, RefreshTokenUse } from './oauth2-grants.ts';
import type { StoredPost } from './posts.ts';
import type { RateBucket } from './rate-limit.ts';
import type { AnswerGate, LoggedRequest } from './request-log.ts';
import type { PostRequestRecord } from './routes-posts.ts';

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
  /**
   * Every request that found a route, in arrival order (request-log.ts): its fault and when that failure was
   * answered; for an INIT, APPEND, one-shot, FINALIZE or STATUS that reached the application (past faults
   * and auth), what it names and when it was answered, in one count with the arrivals.
   */
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

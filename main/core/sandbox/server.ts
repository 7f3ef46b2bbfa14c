// The request pipeline: route → fault → body → OAuth 1.0a or Bearer verification → multipart → rate limit →
// handler → reply. Refusals are recorded as violations; latency and bandwidth are simulated here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { apiErrors, errorBody, type ApiError, type Dialect } from './api-errors.ts';
import { bearerErrors, isBearerHeader, verifyBearer } from './bearer.ts';
import type { SandboxUser } from './credentials.ts';
import type { FaultKind, FaultPlan } from './faults.ts';
import type { Violation } from './media-record.ts';
import type { OAuth2Grants } from './oauth2-grants.ts';
import { rateLimitHeaders, type RateLimiter } from './rate-limit.ts';
import {
  BodyTooLarge,
  formPairs,
  mediaTypeOf,
  readMultipart,
  readWhole,
  throttled,
  type MultipartBody,
} from './request-body.ts';
import { mediaDetails, mediaIdInAnswer, mediaIdOf, type LoggedRequest, type RequestLog } from './request-log.ts';
import type { Reply, Route, RouteContext } from './route.ts';
import { MAX_SEGMENT_BYTES } from './rules.ts';
import type { SegmentFiles } from './segment-files.ts';
import type { Verifier } from './verifier.ts';
import { answerEarly, dropMidRequest, requestUrl } from './wire.ts';

export interface RuntimeSettings {
  faults: FaultPlan;
  latencyMs: number;
  bandwidthBytesPerSec: number;
}

export interface PipelineDeps {
  routes: readonly Route[];
  verifier: Verifier;
  /** OAuth 2.0 access tokens, for `Authorization: Bearer` on /2/ routes. */
  grants: OAuth2Grants;
  rateLimiter: RateLimiter;
  files: SegmentFiles;
  users: readonly SandboxUser[];
  now: () => number;
  scheme: 'http' | 'https';
  settings: RuntimeSettings;
  /** Every routed request: its fault, and a media request's details and answer, in order. */
  requestLog: RequestLog;
  recordViolation(violation: Omit<Violation, 'at'>): void;
  discard(file: MultipartBody['file']): Promise<void>;
}

type Headers = Record<string, string>;

function dialectOfPath(path: string): Dialect {
  return path.startsWith('/2/') ? 'v2' : 'v1';
}

function findRoute(routes: readonly Route[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, pathParams: { ...match.groups } as Record<string, string> };
  }
  return null;
}

export function createPipeline(deps: PipelineDeps) {
  async function write(response: ServerResponse, reply: Reply, headers: Headers): Promise<void> {
    if (deps.settings.latencyMs > 0) await delay(deps.settings.latencyMs);
    if (response.destroyed) return;
    const hasJson = reply.json !== undefined;
    const body = reply.status === 204 ? '' : hasJson ? JSON.stringify(reply.json) : (reply.text ?? '');
    const type = hasJson ? 'application/json; charset=utf-8' : (reply.contentType ?? 'text/plain; charset=utf-8');
    response.writeHead(reply.status, {
      ...headers,
      ...reply.headers,
      ...(reply.status === 204 ? {} : { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) }),
    });
    response.end(body);
  }

  function writeError(response: ServerResponse, error: ApiError, dialect: Dialect, path: string, headers: Headers) {
    return write(response, { status: error.status, json: errorBody(error, dialect, path) }, headers);
  }

  /** Answers with the fault (true), or leaves the request to the route (false: the after-store kinds). */
  async function injectedFault(
    kind: FaultKind,
    logged: LoggedRequest,
    request: IncomingMessage,
    input: Readable,
    response: ServerResponse,
    dialect: Dialect,
    path: string,
  ): Promise<boolean> {
    if (kind === 'early-503') {
      answerEarly(request, 503, JSON.stringify(errorBody(apiErrors.overCapacity(), dialect, path)));
    } else if (kind === 'drop') {
      await dropMidRequest(request, input);
    } else if (kind === '503') {
      input.resume();
      await writeError(response, apiErrors.overCapacity(), dialect, path, {});
    } else if (kind === '429') {
      input.resume();
      // X's reset is a unix second: a burst limit's window ends at the next whole one (or later if asked).
      const resetSecond = Math.ceil((deps.now() + deps.settings.faults.resetSeconds * 1000) / 1000);
      logged.resetAt = resetSecond * 1000;
      const headers: Headers = {
        'x-rate-limit-limit': '0',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(resetSecond),
        'retry-after': String(Math.max(0, Math.ceil((logged.resetAt - deps.now()) / 1000))),
      };
      await writeError(response, apiErrors.rateLimited(), dialect, path, headers);
    } else return false;
    logged.failedAt = deps.now();
    return true;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = requestUrl(deps.scheme, request);
    if (!url) {
      request.resume();
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const error = apiErrors.invalidParameter('The Host header is not a valid host name.');
      await writeError(response, error, dialectOfPath(path), path, {});
      return;
    }
    const path = url.pathname;
    const found = findRoute(deps.routes, method, path);
    if (!found) {
      request.resume();
      await writeError(response, apiErrors.pageNotFound(), dialectOfPath(path), path, {});
      return;
    }
    const { route, pathParams } = found;
    const bandwidth = deps.settings.bandwidthBytesPerSec;
    const input: Readable = bandwidth > 0 ? throttled(request, bandwidth) : request;

    const fault = route.faultable ? deps.settings.faults.next() : null;
    const logged = deps.requestLog.arrived(`${method} ${path}`, fault, deps.now());
    if (fault && (await injectedFault(fault, logged, request, input, response, route.dialect, path))) return;

    const contentType = mediaTypeOf(request.headers);
    let user: SandboxUser | null = null;
    const refuse = (
      error: ApiError,
      violation: string | undefined,
      headers: Headers = {},
      mediaId: string | null = null,
    ) => {
      input.resume();
      if (violation)
        deps.recordViolation({ reason: violation, route: `${method} ${path}`, userId: user?.userId ?? null, mediaId });
      return writeError(response, error, route.dialect, path, headers);
    };

    let rawBody: Buffer = Buffer.alloc(0);
    if (contentType !== 'multipart/form-data') {
      try {
        rawBody = await readWhole(input);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        return refuse(apiErrors.uploadService('Request body is too large.', 413), 'request body over 16 MB');
      }
    }
    const pairs = contentType === 'application/x-www-form-urlencoded' ? formPairs(rawBody) : [];
    let json: unknown = undefined;
    if (contentType === 'application/json' && rawBody.length > 0) {
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return refuse(apiErrors.invalidParameter('The request body is not valid JSON.'), 'malformed JSON body');
      }
    }

    let oauth: Record<string, string> = {};
    let token: string | null = null;
    const authorization = request.headers.authorization;
    if (route.auth !== 'public' && isBearerHeader(authorization)) {
      const bearer =
        route.auth === 'access'
          ? verifyBearer(deps.grants, authorization, method, path)
          : { ok: false as const, error: bearerErrors.notOnThisEndpoint(), violation: 'Bearer token on the PIN login' };
      if (!bearer.ok) return refuse(bearer.error, bearer.violation);
      token = bearer.token;
      deps.grants.noteBearerRequest(`${method} ${path}`);
      user = deps.users.find((candidate) => candidate.userId === bearer.userId) ?? null;
    } else if (route.auth !== 'public') {
      const verification = deps.verifier.verify(
        { method, url: url.href, authorization: request.headers.authorization, formPairs: pairs, now: deps.now() },
        route.auth,
      );
      if (!verification.ok) return refuse(verification.error, verification.violation);
      oauth = verification.params;
      token = verification.token;
      const userId = verification.tokenRecord?.userId;
      user = route.auth === 'access' ? (deps.users.find((candidate) => candidate.userId === userId) ?? null) : null;
    }

    let multipart: MultipartBody = { fields: new Map(pairs), file: null };
    if (contentType === 'multipart/form-data') {
      try {
        multipart = await readMultipart(input, request.headers, {
          tempPath: deps.files.tempPath,
          maxFileBytes: route.maxFileBytes ?? MAX_SEGMENT_BYTES[route.dialect],
        });
      } catch {
        return refuse(apiErrors.invalidParameter('The multipart body could not be read.'), 'malformed multipart body');
      }
    }

    const context: RouteContext = {
      method,
      path,
      query: url.searchParams,
      pathParams,
      user,
      oauth,
      token,
      fields: multipart.fields,
      file: multipart.file,
      json,
      contentType,
      bodyBytes: rawBody.length,
    };
    try {
      let headers: Headers = {};
      const bucket = route.bucket(context);
      const media = bucket && user ? mediaDetails(bucket, user.userId, context) : null;
      if (media) deps.requestLog.identified(logged, media);
      if (bucket && user) {
        const decision = deps.rateLimiter.take(user.userId, bucket, deps.now());
        headers = rateLimitHeaders(decision);
        if (!decision.allowed) {
          return await refuse(apiErrors.rateLimited(), `rate limit exceeded on ${bucket}`, headers, mediaIdOf(context));
        }
      }
      const result = await route.handle(context);
      if (!result.ok) return await refuse(result.error, result.violation, headers, mediaIdOf(context));
      // The request took effect; only the answer is lost (a retry must be safe).
      if (fault === '500-after-store') {
        await writeError(response, apiErrors.internal(), route.dialect, path, headers);
        logged.failedAt = deps.now();
        return;
      }
      if (fault === 'drop-after-store') {
        logged.failedAt = deps.now();
        return void request.socket.destroy();
      }
      if (media) await deps.requestLog.answering(logged, result.reply.status, mediaIdInAnswer(result.reply.json));
      await write(response, result.reply, headers);
    } finally {
      await deps.discard(context.file);
    }
  }

  return (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ code: 131, message: `Internal error: ${message}` }] }));
      } else {
        response.destroy();
      }
    });
  };
}

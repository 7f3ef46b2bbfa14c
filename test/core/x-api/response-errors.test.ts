// The error model: every body shape X uses, every status and code, mapped to one kind.
import { describe, expect, it } from 'vitest';
import { errorFromResponse, parseProblem, processingFailure, rateLimitUntil } from '../../../main/core/x-api/index.ts';

const NOW = 1_800_000_000_000;

function mapped(status: number, body: unknown, headers: Record<string, string> = {}) {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  return errorFromResponse({ status, headers: new Headers(headers), bodyText, now: NOW, operation: 'INIT' });
}

describe('parseProblem reads every body shape', () => {
  it('v1.1 errors array', () => {
    expect(parseProblem('{"errors":[{"code":324,"message":"Image file size must be <= 5242880 bytes"}]}')).toEqual({
      code: 324,
      message: 'Image file size must be <= 5242880 bytes',
    });
  });

  it("the upload host's request/error object", () => {
    expect(parseProblem('{"request":"/1.1/media/upload.json","error":"media type unrecognized."}')).toEqual({
      message: 'media type unrecognized.',
    });
  });

  it('v2 errors array beside data', () => {
    const body = {
      data: { id: '1' },
      errors: [
        {
          title: 'Not Found Error',
          detail: 'Could not find media',
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    };
    expect(parseProblem(JSON.stringify(body))).toEqual({
      message: 'Could not find media',
      problemType: 'resource-not-found',
    });
  });

  it('v2 problem JSON', () => {
    const body = { title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status: 401 };
    expect(parseProblem(JSON.stringify(body))).toEqual({ message: 'Unauthorized' });
  });

  it('v2 problem JSON with a problems type', () => {
    const body = {
      title: 'Invalid Request',
      detail: 'One or more parameters are invalid.',
      type: 'https://api.x.com/2/problems/invalid-request',
    };
    expect(parseProblem(JSON.stringify(body))).toEqual({
      message: 'One or more parameters are invalid.',
      problemType: 'invalid-request',
    });
  });

  it('plain text', () => {
    expect(parseProblem('Over capacity')).toEqual({ message: 'Over capacity' });
  });

  it('an HTML page or an empty body says nothing', () => {
    expect(parseProblem('<html><body>502 Bad Gateway</body></html>')).toEqual({});
    expect(parseProblem('')).toEqual({});
  });

  it('JSON that is not an object says nothing', () => {
    expect(parseProblem('[1,2]')).toEqual({});
    expect(parseProblem('"text"')).toEqual({});
  });
});

describe('errorFromResponse maps to kinds', () => {
  it("402 is payment_required; 403 duplicate-content and a code-less about:blank 403 keep X's words", () => {
    expect(
      mapped(402, {
        title: 'CreditsDepleted',
        detail: 'No credits.',
        type: 'https://api.x.com/2/problems/credits-depleted',
      }),
    ).toMatchObject({ kind: 'payment_required', retryable: false });
    expect(
      mapped(403, { detail: 'Duplicate.', type: 'https://api.twitter.com/2/problems/duplicate-content' }),
    ).toMatchObject({ kind: 'duplicate_content', retryable: false });
    expect(mapped(403, { detail: 'You can only reply to …', type: 'about:blank', title: 'Forbidden' })).toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('You can only reply to'),
    });
    expect(mapped(403, { detail: 'Forbidden.', type: 'https://api.x.com/2/problems/client-forbidden' })).toMatchObject({
      kind: 'auth',
    });
  });

  it.each([401, 403])('%i is auth', (status) => {
    expect(mapped(status, { errors: [{ code: 99, message: 'no' }] })).toMatchObject({
      kind: 'auth',
      status,
      retryable: false,
    });
  });

  it.each([32, 89, 135, 215])('X code %i is auth whatever the status', (code) => {
    expect(mapped(400, { errors: [{ code, message: 'Bad Authentication data.' }] })).toMatchObject({
      kind: 'auth',
      code,
    });
  });

  it('v2 unsupported-authentication is auth', () => {
    const body = {
      title: 'Unsupported Authentication',
      detail: 'no',
      type: 'https://api.twitter.com/2/problems/unsupported-authentication',
    };
    expect(mapped(400, body).kind).toBe('auth');
  });

  it("400 is validation carrying X's message", () => {
    const error = mapped(400, { errors: [{ code: 324, message: 'Image file size must be <= 5242880 bytes' }] });
    expect(error).toMatchObject({ kind: 'validation', status: 400, code: 324, retryable: false });
    expect(error.message).toContain('Image file size must be <= 5242880 bytes');
  });

  it('400 "Segments do not add up" stays validation', () => {
    const error = mapped(400, {
      request: '/1.1/media/upload.json',
      error: 'Segments do not add up to provided total file size.',
    });
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('Segments do not add up to provided total file size.');
  });

  it('404 is not_found_or_expired', () => {
    expect(mapped(404, 'Not Found').kind).toBe('not_found_or_expired');
  });

  it('X code 325 is not_found_or_expired', () => {
    expect(mapped(400, { errors: [{ code: 325, message: 'A media id was not found.' }] })).toMatchObject({
      kind: 'not_found_or_expired',
      code: 325,
    });
  });

  it('v2 resource-not-found is not_found_or_expired', () => {
    const body = {
      errors: [
        { title: 'Not Found Error', detail: 'x', type: 'https://api.twitter.com/2/problems/resource-not-found' },
      ],
    };
    expect(mapped(200, body).kind).toBe('not_found_or_expired');
  });

  it('413 is too_large', () => {
    expect(mapped(413, '')).toMatchObject({ kind: 'too_large', status: 413 });
  });

  it('429 is rate_limited until x-rate-limit-reset, retryable', () => {
    const error = mapped(
      429,
      { title: 'Too Many Requests', type: 'about:blank' },
      { 'x-rate-limit-reset': '1800000900' },
    );
    expect(error).toMatchObject({ kind: 'rate_limited', until: 1_800_000_900_000, retryable: true });
  });

  it('X code 88 is rate_limited', () => {
    expect(mapped(400, { errors: [{ code: 88, message: 'Rate limit exceeded' }] })).toMatchObject({
      kind: 'rate_limited',
      code: 88,
    });
  });

  it.each([500, 502, 503, 504])('%i is server, retryable', (status) => {
    expect(mapped(status, '<html>bad gateway</html>')).toMatchObject({ kind: 'server', status, retryable: true });
  });

  it.each([130, 131])('X code %i is server, retryable', (code) => {
    expect(mapped(400, { errors: [{ code, message: 'Over capacity' }] })).toMatchObject({
      kind: 'server',
      retryable: true,
    });
  });

  it('a status alone is enough when the body says nothing', () => {
    const error = mapped(400, '');
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('HTTP 400');
  });
});

describe('rateLimitUntil', () => {
  it('prefers x-rate-limit-reset (unix seconds)', () => {
    expect(rateLimitUntil(new Headers({ 'x-rate-limit-reset': '1800000060', 'retry-after': '5' }), NOW)).toBe(
      1_800_000_060_000,
    );
  });

  it('falls back to retry-after seconds', () => {
    expect(rateLimitUntil(new Headers({ 'retry-after': '120' }), NOW)).toBe(NOW + 120_000);
  });

  it('reads a retry-after date', () => {
    const date = new Date(NOW + 30_000).toUTCString();
    expect(rateLimitUntil(new Headers({ 'retry-after': date }), NOW)).toBe(NOW + 30_000);
  });

  it('waits a minute when X says nothing', () => {
    expect(rateLimitUntil(new Headers(), NOW)).toBe(NOW + 60_000);
  });
});

describe('processingFailure', () => {
  it("carries X's name and message verbatim and is not retryable", () => {
    const error = processingFailure({
      state: 'failed',
      error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' },
    });
    expect(error).toEqual({
      kind: 'processing_failed',
      message: 'Unsupported video format',
      name: 'InvalidMedia',
      code: 1,
      retryable: false,
    });
  });

  it('still explains itself when X gave no error object', () => {
    expect(processingFailure({ state: 'failed' })).toMatchObject({
      kind: 'processing_failed',
      message: 'X could not process the media',
    });
  });
});

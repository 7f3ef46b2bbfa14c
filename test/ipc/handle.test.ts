import { describe, expect, it } from 'vitest';
import { fail } from '../../main/common/errors.ts';
import { CHANNEL_NAMES, type Handlers } from '../../main/ipc/contract.ts';
import { createDispatcher, isTrustedSender } from '../../main/ipc/handle.ts';
import { requestSchemas } from '../../main/ipc/schemas.ts';

/** Handlers that record what they were given; every channel answers its own name. */
function recordingHandlers(): { handlers: Handlers; calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      async (request: unknown) => {
        calls.push([channel, request]);
        return { channel };
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('the request schemas', () => {
  it('cover exactly the contract channels', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...CHANNEL_NAMES].sort());
  });
});

describe('createDispatcher', () => {
  it('passes a valid payload to the channel handler and wraps the answer as ok', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    const result = await dispatch('sessions:cancel', { id: 's1' });
    expect(result).toEqual({ ok: true, value: { channel: 'sessions:cancel' } });
    expect(calls).toEqual([['sessions:cancel', { id: 's1' }]]);
  });

  it('applies schema defaults before the handler sees the payload', async () => {
    const { handlers, calls } = recordingHandlers();
    await createDispatcher(handlers)('accounts:addWithTokens', {
      name: 'alice',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      token: 't',
      tokenSecret: 'ts',
    });
    expect(calls[0]?.[1]).toMatchObject({ api: 'v2', tier: 'standard', offline: false });
  });

  it('counts alt text in code points: 1000 emoji pass, 1001 do not', async () => {
    const { handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    const item = (altText: string) => ({ items: [{ fileId: 'f', accountId: 'a', category: 'tweet_image', altText }] });
    expect(await dispatch('sessions:prepare', item('😀'.repeat(1000)))).toMatchObject({ ok: true });
    expect(await dispatch('sessions:prepare', item('😀'.repeat(1001)))).toMatchObject({
      ok: false,
      error: { kind: 'bad_request', message: expect.stringContaining('altText') },
    });
  });

  it('refuses an unknown channel with a bad_request naming it', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatcher(handlers)('fs:readFile', { path: '/etc/passwd' });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'bad_request', message: expect.stringContaining('fs:readFile') },
    });
    expect(calls).toEqual([]);
  });

  it.each([
    ['sessions:cancel', { id: '' }, 'id'],
    ['sessions:cancel', { id: 's1', extra: true }, 'extra'],
    ['sessions:send', { ids: [] }, 'ids'],
    ['accounts:finishPinLogin', { loginId: 'l1', pin: '12ab' }, 'pin'],
    ['sessions:prepare', { items: [{ fileId: 'f', accountId: 'a', category: 'tweet_photo' }] }, 'category'],
    [
      'sessions:prepare',
      { items: [{ fileId: 'f', accountId: 'a', category: 'tweet_image', altText: 'x'.repeat(1001) }] },
      'altText',
    ],
    [
      'accounts:addWithTokens',
      { name: 'alice', consumerKey: 'k', consumerSecret: 's', token: 't', tokenSecret: 's', apiBase: 'file:///etc' },
      'apiBase',
    ],
    ['app:info', { sneaky: 1 }, 'payload'],
  ])('refuses a malformed %s payload, naming the field', async (channel, payload, field) => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatcher(handlers)(channel, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('bad_request');
      expect(result.error.message).toContain(field);
    }
    expect(calls).toEqual([]);
  });

  it('turns an expected failure into an error value', async () => {
    const { handlers } = recordingHandlers();
    handlers['sessions:retry'] = async () => fail('not_found', 'No session s9');
    const result = await createDispatcher(handlers)('sessions:retry', { id: 's9' });
    expect(result).toEqual({ ok: false, error: { kind: 'not_found', message: 'No session s9', retryable: false } });
  });

  it('lets a bug reject instead of dressing it up as an expected failure', async () => {
    const { handlers } = recordingHandlers();
    handlers['sessions:retry'] = async () => {
      throw new TypeError('boom');
    };
    await expect(createDispatcher(handlers)('sessions:retry', { id: 's1' })).rejects.toThrow('boom');
  });
});

describe('isTrustedSender', () => {
  const trusted = { webContentsIds: new Set([7]), origin: 'xfer-app://xfer' };

  it('accepts our window top frame loaded from the app scheme', () => {
    expect(isTrustedSender({ url: 'xfer-app://xfer/index.html', isTopFrame: true, webContentsId: 7 }, trusted)).toBe(
      true,
    );
  });

  it('refuses a sub-frame, another window, or another origin (file:// included)', () => {
    expect(isTrustedSender({ url: 'xfer-app://xfer/index.html', isTopFrame: false, webContentsId: 7 }, trusted)).toBe(
      false,
    );
    expect(isTrustedSender({ url: 'xfer-app://xfer/index.html', isTopFrame: true, webContentsId: 8 }, trusted)).toBe(
      false,
    );
    expect(isTrustedSender({ url: 'xfer-app://other/index.html', isTopFrame: true, webContentsId: 7 }, trusted)).toBe(
      false,
    );
    expect(
      isTrustedSender({ url: 'https://evil.example/index.html', isTopFrame: true, webContentsId: 7 }, trusted),
    ).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', isTopFrame: true, webContentsId: 7 }, trusted)).toBe(false);
  });

  it('compares origins exactly for the dev server', () => {
    const dev = { webContentsIds: new Set([1]), origin: 'http://localhost:5173' };
    expect(isTrustedSender({ url: 'http://localhost:5173/', isTopFrame: true, webContentsId: 1 }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5174/', isTopFrame: true, webContentsId: 1 }, dev)).toBe(false);
    expect(isTrustedSender({ url: 'not a url', isTopFrame: true, webContentsId: 1 }, dev)).toBe(false);
  });
});

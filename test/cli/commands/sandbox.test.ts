import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run, sandboxOptionsFrom } from '../../../main/cli/commands/sandbox.ts';
import type { CliContext } from '../../../main/cli/context.ts';
import { isXferFailure } from '../../../main/common/errors.ts';
import { SANDBOX_CONSUMER_KEY } from '../../../main/core/sandbox/index.ts';
import { call } from '../../core/sandbox/signed-client.ts';

function context(json: boolean) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const controller = new AbortController();
  const ctx: CliContext = { stdout, stderr, env: {}, dataDir: '/nonexistent', json, signal: controller.signal };
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const firstLine = new Promise<string>((resolve) => {
    stdout.on('data', () => {
      const newline = text.indexOf('\n');
      if (newline >= 0) resolve(text.slice(0, newline));
    });
  });
  return { ctx, controller, firstLine, output: () => text };
}

describe('xfer sandbox', () => {
  it('with --json prints one JSON object with URL and demo credentials, serves until aborted, then exits 0', async () => {
    const { ctx, controller, firstLine } = context(true);
    const running = run(['--seed', '3'], ctx);
    const info = JSON.parse(await firstLine);
    expect(info).toMatchObject({ consumer_key: SANDBOX_CONSUMER_KEY, ca_cert: null });
    expect(info.users).toHaveLength(2);
    expect(Object.keys(info.users[0]).sort()).toEqual(['screen_name', 'token', 'token_secret', 'user_id']);
    // The printed credentials work against the printed URL.
    const sandboxLike = {
      url: info.url,
      consumerKey: info.consumer_key,
      consumerSecret: info.consumer_secret,
      users: info.users.map((user: Record<string, string>) => ({
        userId: user.user_id,
        screenName: user.screen_name,
        token: user.token,
        tokenSecret: user.token_secret,
      })),
    } as unknown as Parameters<typeof call>[0];
    const me = await call(sandboxLike, { path: '/2/users/me' });
    expect(me.body.data.username).toBe(info.users[0].screen_name);
    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${info.url}/2/users/me`)).rejects.toThrow();
  });

  it('prints the URL and both demo users as text, and a CA path in TLS mode', async () => {
    const { ctx, controller, output } = context(false);
    const running = run(['--tls'], ctx);
    await expect.poll(() => output()).toContain('Press Ctrl+C to stop.');
    expect(output()).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+/);
    expect(output()).toContain('@xfer_demo ');
    expect(output()).toContain('@xfer_demo_two ');
    expect(output()).toMatch(/CA certificate \(PEM\): .+\.pem/);
    controller.abort();
    expect(await running).toBe(0);
  });

  it('reads --port, --faults, --seed and --latency', () => {
    expect(
      sandboxOptionsFrom(['--port', '4567', '--faults', '0.25', '--seed', '9', '--latency', '15']).options,
    ).toEqual({
      tls: false,
      port: 4567,
      faults: { rate: 0.25, seed: 9 },
      latencyMs: 15,
    });
  });

  it('refuses a fault rate above 1 and unknown options as usage errors', () => {
    for (const argv of [['--faults', '2'], ['--port', 'abc'], ['--colour']]) {
      try {
        sandboxOptionsFrom(argv);
        expect.unreachable(`accepted ${argv.join(' ')}`);
      } catch (thrown) {
        expect(isXferFailure(thrown) && thrown.error.kind).toBe('bad_request');
      }
    }
  });
});

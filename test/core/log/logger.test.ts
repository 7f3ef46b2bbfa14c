import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rememberSecrets } from '../../../main/core/log/known-secrets.ts';
import { createFileLogger, LOG_FILE, logLevelOf } from '../../../main/core/log/logger.ts';
import { InMemorySecretStore } from '../../fakes/secret-store.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xfer-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const lines = (dir: string) =>
  readFileSync(join(dir, LOG_FILE), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the file logger', () => {
  it('writes one JSON line per event at or above its level, with the time and level', () => {
    const dir = dataDir();
    const log = createFileLogger({ dataDir: dir, level: 'info', now: () => Date.UTC(2026, 11, 1) });
    log.debug('not.kept');
    log.info('session.state', { session: 's1', to: 'uploading', segments: 3, ok: true });
    log.error('request.failed', { kind: 'server' });
    expect(lines(dir)).toEqual([
      {
        time: '2026-12-01T00:00:00.000Z',
        level: 'info',
        event: 'session.state',
        session: 's1',
        to: 'uploading',
        segments: 3,
        ok: true,
      },
      { time: '2026-12-01T00:00:00.000Z', level: 'error', event: 'request.failed', kind: 'server' },
    ]);
    expect(logLevelOf('debug')).toBe('debug');
    expect(logLevelOf('loud')).toBe('info');
  });

  it('redacts by construction: secret-named fields, known secrets in any encoding, credential-shaped text', () => {
    const dir = dataDir();
    const secret = 'tok-3f9a1c77-secret-value';
    const log = createFileLogger({ dataDir: dir, secrets: () => [secret] });
    log.warn('request.failed', {
      token: 'anything at all',
      consumerSecret: 'x',
      message: `failed for ${secret} and ${encodeURIComponent(secret + '/')} and ${btoa(`id:${secret}`)}`,
      header: 'Authorization: Bearer abc.def-ghi and OAuth oauth_signature="c2lnbmF0dXJl", oauth_token=t0k3n',
    });
    const text = readFileSync(join(dir, LOG_FILE), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('anything at all');
    expect(text).not.toContain('abc.def-ghi');
    expect(text).not.toContain('c2lnbmF0dXJl');
    expect(text).not.toContain('t0k3n');
    const [entry] = lines(dir);
    expect(entry).toMatchObject({ token: '[redacted]', consumerSecret: '[redacted]' });
    expect(entry?.header).toBe(
      'Authorization: Bearer [redacted] and OAuth oauth_signature="[redacted]", oauth_token=[redacted]',
    );
  });

  it('escapes control characters and ANSI escapes in logged strings', () => {
    const dir = dataDir();
    createFileLogger({ dataDir: dir }).info('file.added', { file: 'evil\u001b[31mred\nforged line.mp4' });
    expect(lines(dir)[0]?.file).toBe('evil\\x1b[31mred\\nforged line.mp4');
  });

  it('rotates by size, keeping the newest files', () => {
    const dir = dataDir();
    const log = createFileLogger({ dataDir: dir, maxBytes: 200, keep: 2 });
    for (let index = 0; index < 20; index++) log.info('tick', { index });
    expect(readdirSync(dir).sort()).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
    expect(lines(dir).at(-1)).toMatchObject({ index: 19 });
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(200);
  });

  it('knows every secret that went through the store, and the strings inside a JSON one', async () => {
    const known = rememberSecrets(new InMemorySecretStore());
    await known.store.set('account:a', JSON.stringify({ accessToken: 'at-123456', refreshToken: 'rt-654321' }));
    await known.store.set('account:b', 'plain-secret');
    expect(await known.store.delete('account:b')).toBe(true);
    expect(known.list()).toEqual(expect.arrayContaining(['at-123456', 'rt-654321', 'plain-secret']));
  });
});

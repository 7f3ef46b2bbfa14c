// What `xfer` does only on a terminal, tried on a real pseudo-terminal: colour (and NO_COLOR /
// --no-color turning it off), and secrets asked for with the typing hidden.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makePng } from '../fixtures/media.ts';
import { startPrivateSecretService, type PrivateSecretService } from '../setup/secret-service.ts';
import { xferOnTerminal } from './pty.ts';
import { xfer } from './run-xfer.ts';

const ESC = '\x1b[';
let dataDir: string;
let media: string;
let secretService: PrivateSecretService;
let sandbox: Sandbox;

beforeAll(async () => {
  secretService = await startPrivateSecretService();
  sandbox = await startSandbox();
  media = await mkdtemp(join(tmpdir(), 'xfer-tty-media-'));
});
afterAll(async () => {
  await sandbox?.close();
  await secretService?.stop();
  await rm(media, { recursive: true, force: true });
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-tty-data-'));
  return () => rm(dataDir, { recursive: true, force: true });
});

describe('colour', () => {
  it('colours the table on a terminal, and not with NO_COLOR, --no-color, or in a pipe', async () => {
    const image = await makePng(media, { width: 8, height: 8 });
    expect((await xfer(['--data-dir', dataDir, 'prepare', image, '--account', 'sandbox'])).code).toBe(0);

    const coloured = await xferOnTerminal(['--data-dir', dataDir, 'sessions']).done;
    expect(coloured.code).toBe(0);
    expect(coloured.screen).toContain(`${ESC}1mID`); // a bold header row
    expect(coloured.screen).toMatch(/ready/);
    expect(coloured.screen).toContain(ESC);

    for (const [args, env] of [
      [['--data-dir', dataDir, 'sessions'], { NO_COLOR: '1' }],
      [['--data-dir', dataDir, 'sessions', '--no-color'], {}],
    ] as const) {
      const plain = await xferOnTerminal(args, env).done;
      expect(plain.code).toBe(0);
      expect(plain.screen).toMatch(/ID\s+STATE\s+FILE/);
      expect(plain.screen).not.toContain(ESC);
    }
    const piped = await xfer(['--data-dir', dataDir, 'sessions'], { NO_COLOR: '' });
    expect(piped.stdout).not.toContain(ESC);
  });
});

describe('secrets typed at a terminal', () => {
  it('are asked for with the input hidden when no flag or environment variable gives them', async () => {
    const keychainService = `xfer-test-${randomUUID()}`;
    const user = sandbox.users[0]!;
    const session = xferOnTerminal(
      [
        '--data-dir',
        dataDir,
        'accounts',
        'add',
        'typed',
        '--consumer-key',
        sandbox.consumerKey,
        '--api-base',
        sandbox.url,
      ],
      { ...secretService.env, XFER_KEYCHAIN_SERVICE: keychainService },
    );
    await session.waitFor('Consumer secret (input hidden): ');
    session.type(`${sandbox.consumerSecret}\r`);
    await session.waitFor('Access token (input hidden): ');
    session.type(`${user.token}\r`);
    await session.waitFor('Access token secret (input hidden): ');
    session.type(`${user.tokenSecret}\r`);
    const { code, screen } = await session.done;
    expect(code, screen).toBe(0);
    expect(screen).toContain(`Added "typed" (as @${user.screenName})`);
    // A terminal echoes what is typed unless the program turned echo off: none of it may show.
    for (const secret of [sandbox.consumerSecret, user.token, user.tokenSecret]) expect(screen).not.toContain(secret);
    for (const file of await readdir(dataDir, { recursive: true })) {
      const text = await readFile(join(dataDir, file)).catch(() => Buffer.alloc(0));
      expect(text.includes(user.tokenSecret)).toBe(false);
    }
  });

  it('still come from the environment without a prompt', async () => {
    const user = sandbox.users[0]!;
    const session = xferOnTerminal(
      [
        '--data-dir',
        dataDir,
        'accounts',
        'add',
        'fromenv',
        '--consumer-key',
        sandbox.consumerKey,
        '--api-base',
        sandbox.url,
      ],
      {
        ...secretService.env,
        XFER_KEYCHAIN_SERVICE: `xfer-test-${randomUUID()}`,
        XFER_CONSUMER_SECRET: sandbox.consumerSecret,
        XFER_TOKEN: user.token,
        XFER_TOKEN_SECRET: user.tokenSecret,
      },
    );
    const { code, screen } = await session.done;
    expect(code, screen).toBe(0);
    expect(screen).not.toContain('input hidden');
  });
});

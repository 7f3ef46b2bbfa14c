// `xfer prefs` run in-process with captured streams: the desktop switches (close to tray,
// notifications, first run) are read and set like the other preferences, and only as true/false.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPreferences } from '../../../main/app/preferences.ts';
import { run } from '../../../main/cli/commands/prefs.ts';
import type { CliContext } from '../../../main/cli/context.ts';
import { isXferFailure } from '../../../main/common/errors.ts';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-cli-prefs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function xfer(argv: string[], json = false) {
  const stdout = new PassThrough();
  const out: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  const ctx: CliContext = {
    stdout,
    stderr: new PassThrough(),
    env: {},
    dataDir: dir,
    json,
    signal: new AbortController().signal,
  };
  const code = await run(argv, ctx);
  return { code, stdout: out.join('') };
}

describe('xfer prefs', () => {
  it('lists the desktop switches with their defaults', async () => {
    const result = await xfer([], true);
    expect(JSON.parse(result.stdout)).toMatchObject({ closeToTray: false, notifications: true, firstRunSeen: false });
  });

  it('sets closeToTray and notifications as booleans the app then reads', async () => {
    expect((await xfer(['closeToTray', 'true'])).stdout).toBe('closeToTray = true\n');
    expect((await xfer(['notifications', 'false'])).code).toBe(0);
    const preferences = openPreferences(dir);
    expect(preferences.get('closeToTray')).toBe(true);
    expect(preferences.get('notifications')).toBe(false);
  });

  it('refuses anything but true or false for a switch', async () => {
    const failure = await xfer(['closeToTray', 'yes']).catch((error: unknown) => error);
    expect(isXferFailure(failure) && failure.error).toMatchObject({
      kind: 'bad_request',
      message: 'closeToTray must be "true" or "false", got "yes"',
    });
    expect(openPreferences(dir).get('closeToTray')).toBe(false);
  });
});

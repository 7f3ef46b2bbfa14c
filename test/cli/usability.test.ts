// The CLI as gh and rclone users expect it: near misses get a "did you mean", lists are tables with
// a header row, counts spell their noun, `send` alone sends nothing, `sessions --watch` follows
// another terminal's work, and `completion` prints a script that completes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/media.ts';
import { jsonOf, startXfer, xfer } from './run-xfer.ts';

const execFileAsync = promisify(execFile);
let media: string;
let dataDir: string;
let image: string;
beforeAll(async () => {
  media = await mkdtemp(join(tmpdir(), 'xfer-cli-use-media-'));
  image = await makePng(media, { width: 16, height: 16 });
});
afterAll(() => rm(media, { recursive: true, force: true }));
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xfer-cli-use-data-'));
  return () => rm(dataDir, { recursive: true, force: true });
});
const run = (...args: string[]) => xfer(['--data-dir', dataDir, ...args]);

describe('mistyped commands and options', () => {
  it.each([
    [['sesions'], 'Unknown command "sesions". Did you mean "sessions"?'],
    [['send', '--al'], 'send: unknown option --al. Did you mean --all?'],
    [['prepare', 'x.png', '--acount', 'sandbox'], 'prepare: unknown option --acount. Did you mean --account?'],
    [['accounts', 'lst'], 'Unknown accounts command "lst". Did you mean "list"?'],
    [['--jsn', 'sessions'], 'Unknown option --jsn before the command. Did you mean --json?'],
    [['sessions', '--state', 'faild'], 'Did you mean "failed"?'],
    [['completion', 'bsh'], 'Did you mean "bash"?'],
  ])('%j says what was meant, exit 2', async (args, message) => {
    const outcome = await run(...args);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
    expect(outcome.stderr).not.toMatch(/To specify a positional argument|ERR_PARSE_ARGS/);
  });

  it('a near miss of the sandbox account is suggested before that account exists, in every command that takes --account', async () => {
    for (const args of [
      ['upload', image, '--account', 'sandx'],
      ['prepare', image, '--account', 'sandx'],
      ['sessions', '--account', 'sandx'],
      ['posts', '--account', 'sandx'],
    ]) {
      const outcome = await run(...args);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr, args.join(' ')).toContain('No account is named "sandx". Did you mean "sandbox"?');
    }
    const before = await run('sessions', '--account', 'sandbox');
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('The "sandbox" account is made on first use, and nothing has used it yet.');
  });

  it('names a string option given without its value, in plain words', async () => {
    const outcome = await run('prepare', image, '--account');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('prepare: --account needs a value');
  });
});

describe('tables', () => {
  it('xfer sessions prints a header row and aligned columns, the account with its @handle', async () => {
    const long = join(media, 'a-rather-long-file-name-from-the-camera.png');
    await writeFile(long, await import('node:fs/promises').then((fs) => fs.readFile(image)));
    expect((await run('prepare', image, long, '--account', 'sandbox')).code).toBe(0);
    const { stdout, code } = await run('sessions');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATE\s+FILE\s+ACCOUNT\s+CATEGORY\s+SIZE\s+MEDIA ID$/);
    expect(lines).toHaveLength(3);
    const column = (header: string) => lines[0]!.indexOf(header);
    for (const line of lines.slice(1)) {
      expect(line.slice(column('STATE'))).toMatch(/^ready /);
      expect(line.slice(column('ACCOUNT'))).toMatch(/^sandbox @xfer_demo /);
      expect(line.slice(column('SIZE'))).toMatch(/^\d+(\.\d+)? (bytes|KB)( |$)/);
    }
  });
});

describe('xfer send without ids', () => {
  it('lists what --all would send, asks for --all, and sends nothing (exit 2)', async () => {
    const prepared = jsonOf<{ sessions: { id: string }[] }>(
      await run('prepare', image, '--account', 'sandbox', '--json'),
    );
    const outcome = await run('send');
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toMatch(/^ID\s+STATE/);
    expect(outcome.stdout).toContain(prepared.sessions[0]!.id.slice(0, 8));
    expect(outcome.stderr).toContain('xfer send --all to send this');
    const after = jsonOf<{ sessions: { state: string }[] }>(await run('sessions', '--json'));
    expect(after.sessions.map((session) => session.state)).toEqual(['ready']);
  });
});

describe('plurals', () => {
  it('the upload summary spells "file" and "files"', async () => {
    const one = await run('upload', image, '--account', 'sandbox');
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toContain('1 of 1 file uploaded');
    const junk = join(media, 'notes.bin');
    await writeFile(junk, 'not media');
    const two = await run('upload', image, junk, '--account', 'sandbox');
    expect(two.stderr).toContain('1 file did not pass validation');
    expect(two.stderr).toContain('1 of 2 files uploaded');
    expect(`${one.stderr}${two.stderr}`).not.toContain('(s)');
  });
});

describe('xfer sessions --watch', () => {
  it('shows a session prepared in another command without being restarted, until Ctrl-C', async () => {
    const watcher = startXfer(['--data-dir', dataDir, 'sessions', '--watch', '--interval', '0.2']);
    let out = '';
    watcher.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const until = async (text: string) => {
      for (let tries = 0; tries < 300 && !out.includes(text); tries++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(text);
    };
    await until('No sessions.');
    const prepared = jsonOf<{ sessions: { id: string }[] }>(
      await run('prepare', image, '--account', 'sandbox', '--json'),
    );
    await until(prepared.sessions[0]!.id.slice(0, 8));
    expect(out).toContain('1 session, 0 moving');
    watcher.child.kill('SIGINT');
    const outcome = await watcher.done;
    expect(outcome.code).toBe(130);
    expect(outcome.stderr).not.toContain('internal error');
  });

  it('refuses --watch with --json (one document) as a usage error', async () => {
    expect((await run('sessions', '--watch', '--json')).code).toBe(2);
  });
});

describe('xfer completion', () => {
  async function complete(script: string, line: string): Promise<string[]> {
    const words = line.split(' ');
    const program = `${script}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _xfer; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await execFileAsync('bash', ['-c', program]);
    return stdout.trim().split('\n').filter(Boolean);
  }

  it('bash completes commands, options, option values and subcommands', async () => {
    const { stdout: script, code } = await xfer(['completion', 'bash']).then((o) => ({ ...o }));
    expect(code).toBe(0);
    expect(await complete(script, 'xfer se')).toEqual(
      ['send', 'sessions', 'sandbox'].filter((word) => word.startsWith('se')),
    );
    expect(await complete(script, 'xfer send --')).toEqual(
      expect.arrayContaining(['--all', '--concurrency', '--json']),
    );
    expect(await complete(script, 'xfer sessions --state fa')).toEqual(['failed']);
    expect(await complete(script, 'xfer --json accounts ve')).toEqual(['verify']);
    expect(await complete(script, 'xfer accounts ed')).toEqual(['edit']);
    expect(await complete(script, 'xfer accounts edit alice --na')).toEqual(['--name']);
    expect(await complete(script, 'xfer accounts edit alice --tier pr')).toEqual(['premium']);
    expect(await complete(script, 'xfer upload x.png --category tweet_v')).toEqual(['tweet_video']);
  });

  it('zsh and fish get scripts for the same commands', async () => {
    const zsh = await xfer(['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef xfer')).toBe(true);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await xfer(['completion', 'fish']);
    expect(fish.stdout).toContain('complete -c xfer -n "not __fish_seen_subcommand_from');
    expect(fish.stdout).toContain('-a sessions -d "list sessions"');
    expect(fish.stdout).toMatch(/__fish_seen_subcommand_from send" -l all/);
    const { stderr } = await execFileAsync('bash', ['-n', '-c', zsh.stdout.replace(/^autoload.*$/m, '')]);
    expect(stderr).toBe('');
  });
});

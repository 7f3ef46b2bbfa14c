// What shell completion knows: every command, its options and the values some options take, read
// from the same option tables the commands parse with, so a new option completes without a second list.
import type { ParseArgsOptionsConfig } from 'node:util';
import { SESSION_STATES } from '../../common/session.ts';
import { MEDIA_CATEGORIES, TIERS } from '../../common/media-types.ts';
import { ACCOUNTS_SUBCOMMANDS } from '../commands/accounts.ts';
import { ACCOUNTS_ADD_OPTIONS } from '../commands/accounts-add.ts';
import { ACCOUNTS_EDIT_OPTIONS } from '../commands/accounts-edit.ts';
import { SANDBOX_OPTIONS } from '../commands/sandbox.ts';
import { SEND_OPTIONS } from '../commands/send.ts';
import { SESSIONS_OPTIONS } from '../commands/sessions.ts';
import { UPLOAD_OPTIONS } from '../commands/upload.ts';
import { VALIDATE_OPTIONS } from '../commands/validate.ts';
import { PREPARE_OPTIONS } from '../prepare-options.ts';
import { POST_OPTIONS } from '../commands/post.ts';
import { PREFERENCE_KEYS } from '../../common/preferences.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CommandSpec {
  name: string;
  summary: string;
  options: string[];
  /** What the words after the command are: files, fixed words, or nothing to complete. */
  words: 'files' | readonly string[] | 'none';
}

export interface CompletionSpec {
  commands: CommandSpec[];
  globals: string[];
  /** Options that take a value from a fixed list. */
  values: Record<string, readonly string[]>;
  /** Options whose value is a folder. */
  folders: string[];
}

const names = (options: ParseArgsOptionsConfig) =>
  Object.keys(options)
    .filter((name) => name !== 'help')
    .map((name) => `--${name}`);

export function completionSpec(commandNames: readonly string[]): CompletionSpec {
  const known: Record<string, Omit<CommandSpec, 'name'>> = {
    prepare: { summary: 'validate files and record sessions', options: names(PREPARE_OPTIONS), words: 'files' },
    send: { summary: 'send prepared sessions', options: names(SEND_OPTIONS), words: 'none' },
    upload: { summary: 'prepare, then send', options: names(UPLOAD_OPTIONS), words: 'files' },
    sessions: { summary: 'list sessions', options: names(SESSIONS_OPTIONS), words: 'none' },
    cancel: { summary: 'cancel a session', options: [], words: 'none' },
    retry: { summary: 'retry a session', options: [], words: 'none' },
    forget: { summary: 'remove a session from the ledger', options: [], words: 'none' },
    prefs: { summary: 'show or change preferences', options: [], words: PREFERENCE_KEYS },
    validate: { summary: "check files against X's rules", options: names(VALIDATE_OPTIONS), words: 'files' },
    accounts: {
      summary: 'list, add, edit, verify, remove accounts',
      options: [...new Set([...names(ACCOUNTS_ADD_OPTIONS), ...names(ACCOUNTS_EDIT_OPTIONS)])],
      words: ACCOUNTS_SUBCOMMANDS,
    },
    sandbox: { summary: 'run the local X API emulator', options: names(SANDBOX_OPTIONS), words: 'none' },
    completion: { summary: 'print a shell completion script', options: [], words: SHELLS },
    post: { summary: 'check, record and send a post or thread', options: names(POST_OPTIONS), words: 'files' },
    posts: { summary: 'list posts', options: ['--state', '--account'], words: 'none' },
    run: { summary: 'send uploads and posts as they fall due', options: ['--until-idle'], words: 'none' },
  };
  return {
    commands: commandNames.map((name) => ({ name, ...(known[name] ?? { summary: name, options: [], words: 'none' }) })),
    globals: ['--data-dir', '--json', '--no-color', '--bwlimit', '--help', '--version'],
    values: {
      '--state': SESSION_STATES,
      '--category': MEDIA_CATEGORIES,
      '--tier': TIERS,
      '--api': ['v2', 'v1.1'],
    },
    folders: ['--data-dir'],
  };
}

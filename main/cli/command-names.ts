// The commands `xfer` knows, by name: main.ts maps each to its module (the compiler keeps the two
// lists equal) and the completion command lists them without importing main.ts back.
export const COMMAND_NAMES = [
  'prepare',
  'send',
  'upload',
  'sessions',
  'cancel',
  'retry',
  'forget',
  'prefs',
  'validate',
  'fix',
  'accounts',
  'sandbox',
  'completion',
  'post',
  'posts',
  'run',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

// Asking for a secret on a terminal without echoing it (like `gh auth login --with-token`'s prompt or
// ssh's passphrase): the terminal goes to raw mode, nothing is printed per key, Enter ends, Ctrl-C or
// Ctrl-D gives up. Only when stdin is a terminal: a pipe keeps the environment variables' way.
import type { Readable, Writable } from 'node:stream';

type TerminalInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export function canPrompt(input: TerminalInput): boolean {
  return input.isTTY === true && typeof input.setRawMode === 'function';
}

/** Resolves with what was typed, or null when the user gave up (Ctrl-C, Ctrl-D, end of input). */
export function promptHidden(input: TerminalInput, output: Writable, question: string): Promise<string | null> {
  // Echo goes off before the question shows, so keys typed the moment it appears are hidden too.
  input.setRawMode?.(true);
  input.resume();
  output.write(question);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | null) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      resolve(value);
    };
    const onEnd = () => finish(null);
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return finish(typed);
        if (char === '\u0003' || char === '\u0004') return finish(null);
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
  });
}

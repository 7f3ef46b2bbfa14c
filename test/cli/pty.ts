// The real `xfer` bin on a pseudo-terminal (through test/cli/pty_run.py: Python's os.openpty), for
// what only happens on a TTY: colour, hidden secret prompts. `type` writes to the terminal as keys.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { XFER_BIN } from './run-xfer.ts';

const RELAY = fileURLToPath(new URL('./pty_run.py', import.meta.url));

export interface OnTerminal {
  /** Everything the terminal showed so far (what the user saw, echo included). */
  screen(): string;
  type(text: string): void;
  /** Resolves once the screen contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  done: Promise<{ code: number | null; screen: string }>;
}

export function xferOnTerminal(args: readonly string[], env: NodeJS.ProcessEnv = {}): OnTerminal {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const child = spawn('python3', [RELAY, process.execPath, XFER_BIN, ...args], {
    env: { ...base, TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let screen = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    screen += text;
    for (const waiter of waiters.filter((entry) => screen.includes(entry.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const done = new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, screen }));
  });
  return {
    screen: () => screen,
    type: (text) => child.stdin.write(text),
    waitFor: (text, timeoutMs = 30_000) =>
      screen.includes(text)
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`"${text}" never appeared; screen:\n${screen}`)),
              timeoutMs,
            );
            waiters.push({
              text,
              resolve: () => {
                clearTimeout(timer);
                resolve();
              },
            });
          }),
    done,
  };
}

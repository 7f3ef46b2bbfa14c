// Colour on a terminal only, and never when the user said no: NO_COLOR (https://no-color.org: any
// non-empty value), --no-color, TERM=dumb. FORCE_COLOR turns it on for a pipe (CI logs that render it).
// Colour only adds emphasis: every line reads the same without it.
import { styleText } from 'node:util';
import type { SessionState } from '../common/session.ts';

type Style = Parameters<typeof styleText>[0];

export interface Palette {
  enabled: boolean;
  paint(style: Style, text: string): string;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, noColorFlag = false): boolean {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function palette(enabled: boolean): Palette {
  return {
    enabled,
    // validateStream: false — the decision above already looked at the stream and the environment.
    paint: (style, text) => (enabled && text !== '' ? styleText(style, text, { validateStream: false }) : text),
  };
}

export const PLAIN: Palette = palette(false);

/** The colour a session state is shown in: green done, red failed, yellow needs the user, cyan moving. */
export function stateStyle(state: SessionState): Style {
  if (state === 'succeeded') return 'green';
  if (state === 'failed' || state === 'expired') return 'red';
  if (state === 'draft' || state === 'cancelled') return 'yellow';
  if (state === 'ready') return 'reset';
  return 'cyan';
}

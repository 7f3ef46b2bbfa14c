// sendAndWait: the sessions it reads. With --json there are no progress lines, so a session change reads nothing.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEngineEventBus } from '../../main/app/engine-events.ts';
import type { Services } from '../../main/app/services.ts';
import type { CliContext } from '../../main/cli/context.ts';
import { sendAndWait } from '../../main/cli/send-flow.ts';
import type { Session } from '../../main/common/session.ts';

function fakeServices(session: Session) {
  const events = createEngineEventBus();
  const reads: string[] = [];
  const ledger = {
    getSession: (id: string) => (reads.push(id), id === session.id ? session : null),
  };
  const engine = {
    send: (ids: readonly string[]) => {
      for (let change = 0; change < 4; change++) for (const id of ids) events.sink.onSessionChanged(id);
      return { queued: ids.length, refused: [] };
    },
    whenIdle: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { services: { ledger, engine, events } as unknown as Services, reads };
}

function context(json: boolean): CliContext {
  return {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
    dataDir: '/nonexistent',
    json,
    signal: new AbortController().signal,
  };
}

describe('sendAndWait', () => {
  it('with --json reads each session only to report it at the end, not at each of its changes', async () => {
    const session = { id: 's1', state: 'succeeded', file: '/m/a.png', totalBytes: 10 } as Session;
    const { services, reads } = fakeServices(session);
    const outcome = await sendAndWait(context(true), services, ['s1']);
    expect(outcome.sessions).toEqual([session]);
    expect(reads).toEqual(['s1']);
  });
});

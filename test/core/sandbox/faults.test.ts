import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan, startSandbox, type FaultOptions, type Sandbox } from '../../../main/core/sandbox/index.ts';
import { makePng } from './media-bytes.ts';
import { call, uploadV1 } from './signed-client.ts';

const opened: Sandbox[] = [];
async function open(faults: FaultOptions | null): Promise<Sandbox> {
  const sandbox = await startSandbox({ faults });
  opened.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
});

const initialize = (sandbox: Sandbox) =>
  call(sandbox, { path: '/2/media/upload/initialize', json: { media_type: 'image/png', total_bytes: 10 } });

describe('sandbox fault injection', () => {
  it('draws the same faults from the same seed, and different ones from another seed', () => {
    const draw = (seed: number) => {
      const plan = createFaultPlan({ rate: 0.5, seed });
      return Array.from({ length: 50 }, () => plan.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).filter((fault) => fault !== null).length).toBeGreaterThan(10);
  });

  it('reproduces the same answers for the same requests from two sandboxes with one seed', async () => {
    const faults: FaultOptions = { rate: 0.5, seed: 42, kinds: ['503', '429', '500-after-store'] };
    const statuses = async (sandbox: Sandbox) => {
      const seen: number[] = [];
      for (let i = 0; i < 20; i += 1) seen.push((await initialize(sandbox)).status);
      return seen;
    };
    const first = await statuses(await open(faults));
    const second = await statuses(await open(faults));
    expect(first).toEqual(second);
    expect(new Set(first)).toEqual(new Set([200, 503, 429, 500]));
  });

  it('answers 503 with code 130 and 429 with code 88 for those kinds', async () => {
    const unavailable = await initialize(await open({ rate: 1, seed: 1, kinds: ['503'] }));
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.errors[0].code).toBe(130);
    const limited = await initialize(await open({ rate: 1, seed: 1, kinds: ['429'] }));
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].code).toBe(88);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
  });

  it("resets an injected 429 at the next whole second (X's unix-second reset), with a retry-after that agrees", async () => {
    const before = Date.now();
    const sandbox = await open({ rate: 1, seed: 1, kinds: ['429'] });
    const limited = await initialize(sandbox);
    const reset = Number(limited.headers.get('x-rate-limit-reset')) * 1000;
    expect(reset).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) * 1000);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(1);
    const [logged] = sandbox.requests();
    expect(logged).toMatchObject({ route: 'POST /2/media/upload/initialize', fault: '429', resetAt: reset });
  });

  it("'500-after-store' stores the segment and then answers 500", async () => {
    const sandbox = await open(null);
    const png = makePng();
    const { mediaId } = await uploadV1(sandbox, png, { media_type: 'image/png' }, { finalize: false });
    sandbox.setFaults({ rate: 1, seed: 3, kinds: ['500-after-store'] });
    const result = await call(sandbox, {
      path: '/1.1/media/upload.json',
      multipart: { fields: { command: 'APPEND', media_id: mediaId, segment_index: '1' }, media: Buffer.from('tail') },
    });
    expect(result.status).toBe(500);
    expect(sandbox.inspect(mediaId)).toMatchObject({ segments: [0, 1], appendCount: 2 });
  });

  it("'drop' cuts the connection and stores nothing", async () => {
    const sandbox = await open(null);
    const { mediaId } = await uploadV1(sandbox, makePng(), { media_type: 'image/png' }, { finalize: false });
    sandbox.setFaults({ rate: 1, seed: 3, kinds: ['drop'] });
    await expect(
      call(sandbox, {
        path: '/1.1/media/upload.json',
        multipart: {
          fields: { command: 'APPEND', media_id: mediaId, segment_index: '1' },
          media: Buffer.alloc(256 * 1024),
        },
      }),
    ).rejects.toThrow();
    expect(sandbox.inspect(mediaId)).toMatchObject({ segments: [0], appendCount: 1 });
  });

  it("'early-503' answers 503 before reading any of the body, then closes its side and stores nothing", async () => {
    const sandbox = await open(null);
    const { mediaId } = await uploadV1(sandbox, makePng(), { media_type: 'image/png' }, { finalize: false });
    sandbox.setFaults({ rate: 1, seed: 3, kinds: ['early-503'] });
    const { port } = new URL(sandbox.url);
    // The head of an 8 MB APPEND, and not one byte of its body.
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      `POST /2/media/upload/${mediaId}/append HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n` +
        'content-type: multipart/form-data; boundary=b\r\ncontent-length: 8388608\r\n\r\n',
    );
    let answer = '';
    socket.setEncoding('latin1').on('data', (text: string) => (answer += text));
    await once(socket, 'end');
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      title: 'Service Unavailable',
      status: 503,
    });
    expect(sandbox.inspect(mediaId)).toMatchObject({ segments: [0], appendCount: 1 });
  });

  it('never faults who-am-I, metadata or the PIN login, and can be switched off at runtime', async () => {
    const sandbox = await open({ rate: 1, seed: 9, kinds: ['503'] });
    expect((await call(sandbox, { path: '/2/users/me' })).status).toBe(200);
    expect((await initialize(sandbox)).status).toBe(503);
    sandbox.setFaults(null);
    expect((await initialize(sandbox)).status).toBe(200);
  });

  it('goes offline and back online', async () => {
    const sandbox = await open(null);
    sandbox.setOnline(false);
    await expect(call(sandbox, { path: '/2/users/me' })).rejects.toThrow();
    sandbox.setOnline(true);
    expect((await call(sandbox, { path: '/2/users/me' })).status).toBe(200);
  });

  it('still answers correctly with simulated latency and a throttled uplink', async () => {
    const sandbox = await open(null);
    sandbox.setLatency(20);
    sandbox.setBandwidth(512 * 1024);
    const png = makePng();
    const { mediaId, finalize } = await uploadV1(sandbox, Buffer.concat([png, Buffer.alloc(64 * 1024)]), {
      media_type: 'image/png',
    });
    expect(finalize?.status).toBe(200);
    expect(sandbox.inspect(mediaId)?.state).toBe('succeeded');
  });
});

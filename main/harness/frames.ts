// Every WebSocket frame from the page is checked before it reaches the dispatcher: a frame that is
// not one JSON invoke message gets an error answer (with its id when one can be read) and the
// socket stays open. The payload itself is the contract's business (zod, in the dispatcher).
import { z } from 'zod';
import type { ClientMessage } from './protocol.ts';

/** Far above any real invoke (a drop of 1,000 ids is ~60 KB); bigger frames are answered with an error. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** ws closes the socket (code 1009) above this rather than buffer it; the server keeps serving. */
export const MAX_SOCKET_PAYLOAD = 8 * MAX_FRAME_BYTES;

const invoke = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().min(1).max(100),
  payload: z.unknown().optional(),
});

export type Frame = { ok: true; message: ClientMessage } | { ok: false; id: number | null; message: string };

function idOf(value: unknown): number | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

export function parseFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Frame {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  if (isBinary) return { ok: false, id: null, message: 'binary frames are not part of the protocol' };
  if (bytes.length > MAX_FRAME_BYTES) {
    return { ok: false, id: null, message: `frame of ${bytes.length} bytes is over the ${MAX_FRAME_BYTES}-byte limit` };
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, id: null, message: 'frame is not JSON' };
  }
  const parsed = invoke.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      id: idOf(value),
      message: `frame is not an invoke message: ${parsed.error.issues[0]?.message}`,
    };
  }
  return { ok: true, message: { ...parsed.data, payload: parsed.data.payload } };
}

// The one way a channel is served: parse the payload with the channel's schema, run the
// handler, turn expected failures into values. Transport-free: Electron's ipcMain and the
// web harness's WebSocket both call `dispatch`.
import type { z } from 'zod';
import { isXferFailure, xferError, type Result } from '../common/errors.ts';
import type { Channel, Handlers } from './contract.ts';
import { requestSchemas } from './schemas.ts';

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

function isChannel(name: string): name is Channel {
  return Object.hasOwn(requestSchemas, name);
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}

export function createDispatcher(handlers: Handlers): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return { ok: false, error: xferError('bad_request', `Unknown channel "${channel}"`) };
    }
    const parsed = requestSchemas[channel].safeParse(payload);
    if (!parsed.success) {
      return {
        ok: false,
        error: xferError('bad_request', `Refused ${channel}: ${describeIssues(parsed.error)}`),
      };
    }
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    try {
      return { ok: true, value: await handler(parsed.data) };
    } catch (thrown) {
      if (isXferFailure(thrown)) return { ok: false, error: thrown.error };
      throw thrown;
    }
  };
}

/**
 * Whether an IPC message comes from our own window's top frame, loaded from our own origin.
 * Electron-free so it is tested directly; the shell passes it the sender frame's facts.
 */
export function isTrustedSender(
  sender: { url: string; isTopFrame: boolean; webContentsId: number },
  trusted: { webContentsIds: ReadonlySet<number>; origin: string },
): boolean {
  if (!sender.isTopFrame || !trusted.webContentsIds.has(sender.webContentsId)) return false;
  try {
    const url = new URL(sender.url);
    // Compared as scheme + host: a custom scheme's URL (xfer-app://xfer/) has the origin "null" in Node.
    return `${url.protocol}//${url.host}` === trusted.origin;
  } catch {
    return false;
  }
}

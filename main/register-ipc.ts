// Serves every contract channel on ipcMain through the one dispatcher, after checking that the
// message comes from our own window's top frame.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { xferError } from './common/errors.ts';
import { CHANNEL_NAMES, eventChannel, type Events } from './ipc/contract.ts';
import type { EventHub } from './ipc/events.ts';
import { isTrustedSender, type Dispatch } from './ipc/handle.ts';

export interface TrustedWindows {
  webContentsIds: Set<number>;
  origin: string;
}

export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, trusted: TrustedWindows): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const sender = {
        url: frame?.url ?? '',
        isTopFrame: frame !== null && frame === event.sender.mainFrame,
        webContentsId: event.sender.id,
      };
      if (!isTrustedSender(sender, trusted)) {
        return { ok: false, error: xferError('bad_request', `Refused ${channel}: not sent by Xfer's own window`) };
      }
      return dispatch(channel, payload);
    });
  }
}

/** Forwards the hub's events to a window; returns the unsubscribe. Only the payload crosses. */
export function forwardEvents(hub: EventHub, contents: WebContents): () => void {
  return hub.subscribe(<E extends keyof Events>(event: E, payload: Events[E]) => {
    if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
  });
}

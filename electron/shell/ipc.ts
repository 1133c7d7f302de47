// Wires the bridge handler table to `ipcMain`: one `handle` channel per contract method, and a
// sender check that accepts only the main frame of the app window on the app's own origin.

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';

import { eventChannel, methodChannel, type EventName, type EventPayloads } from '../../shared/contract.ts';
import type { BridgeHandlers } from '../bridge/handlers.ts';
import { isAppUrl } from './content.ts';

/** Tells whether an IPC call comes from the main frame of `window` showing the app's page. */
export function isAppSender(event: IpcMainInvokeEvent, appContents: () => WebContents | null): boolean {
  const contents = appContents();
  if (contents === null || contents.isDestroyed() || event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (frame === null || frame !== contents.mainFrame) return false;
  return isAppUrl(frame.url);
}

/** Registers every method of `handlers` on `ipcMain`; returns a function that removes them. */
export function registerBridge(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: BridgeHandlers<IpcMainInvokeEvent>): () => void {
  for (const method of handlers.methods) {
    ipcMain.handle(methodChannel(method), (event, args: unknown) => handlers.handle(event, method, args));
  }
  return () => {
    for (const method of handlers.methods) ipcMain.removeHandler(methodChannel(method));
  };
}

/** Sends a contract event to the app window, if it is open. */
export function sendEvent<E extends EventName>(contents: WebContents | null, event: E, payload: EventPayloads[E]): void {
  if (contents === null || contents.isDestroyed()) return;
  contents.send(eventChannel(event), payload);
}

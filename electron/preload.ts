// The preload script: exposes `window.nsight`, built from the contract, and nothing else. The
// renderer never gets `ipcRenderer`, `process` or a way to send on a channel of its choosing.
// Sandboxed preloads cannot load modules, so `vite.preload.config.ts` bundles this file into
// one CommonJS file.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import {
  createBridgeClient,
  eventChannel,
  methodChannel,
  type BridgeTransport,
  type NsightBridge,
} from '../shared/bridge-client.ts';
import type { Result } from '../shared/contract.ts';

const transport: BridgeTransport = {
  invoke: (method, args) => ipcRenderer.invoke(methodChannel(method), args) as Promise<Result<unknown>>,

  subscribe(event, listener) {
    const channel = eventChannel(event);
    // The IPC event object carries the sender; only the payload reaches the page.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

const bridge = createBridgeClient(transport) satisfies NsightBridge;

contextBridge.exposeInMainWorld('nsight', bridge);

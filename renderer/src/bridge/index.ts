// The renderer's only way to the main process: `window.nsight`, which the preload provides in
// the app. In a browser tab served by the web harness the same object is built over HTTP.

import { createBridgeClient, type NsightBridge } from '../../../shared/contract.ts';
import { createWebTransport, readHarnessToken } from './web-transport.ts';

declare global {
  interface Window {
    nsight?: NsightBridge;
  }
}

let bridge: NsightBridge | null = null;

/** Returns `window.nsight`, building the web harness's HTTP version first when the preload did not provide one. */
export function getBridge(): NsightBridge {
  if (bridge) return bridge;
  if (window.nsight) {
    bridge = window.nsight;
    return bridge;
  }

  const token = readHarnessToken(window.location, window.sessionStorage);
  if (!token) {
    throw new Error('No bridge to the main process: open the app, or the URL that npm run web printed (it carries the token).');
  }
  bridge = createBridgeClient(createWebTransport(token));
  Object.defineProperty(window, 'nsight', { value: bridge, writable: false, configurable: false });
  return bridge;
}

import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';

import { METHOD_NAMES } from '../../shared/contract.ts';
import type { BridgeHandlers } from '../../electron/bridge/handlers.ts';
import { isAppSender, registerBridge, sendEvent } from '../../electron/shell/ipc.ts';

interface FakeFrame {
  url: string;
}

function fakeContents(url = 'app://renderer/index.html'): WebContents & { sent: unknown[][]; mainFrame: FakeFrame } {
  const contents = {
    mainFrame: { url },
    sent: [] as unknown[][],
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    send(...args: unknown[]) {
      this.sent.push(args);
    },
  };
  return contents as unknown as WebContents & { sent: unknown[][]; mainFrame: FakeFrame };
}

function eventFrom(contents: WebContents, frame: FakeFrame | null): IpcMainInvokeEvent {
  return { sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('sender check', () => {
  it('accepts the main frame of the app window', () => {
    const contents = fakeContents();

    expect(isAppSender(eventFrom(contents, contents.mainFrame), () => contents)).toBe(true);
  });

  it('rejects another window', () => {
    const app = fakeContents();
    const other = fakeContents();

    expect(isAppSender(eventFrom(other, other.mainFrame), () => app)).toBe(false);
  });

  it('rejects a subframe', () => {
    const contents = fakeContents();

    expect(isAppSender(eventFrom(contents, { url: 'app://renderer/index.html' }), () => contents)).toBe(false);
  });

  it('rejects a page of another origin', () => {
    const contents = fakeContents('https://evil.example/');

    expect(isAppSender(eventFrom(contents, contents.mainFrame), () => contents)).toBe(false);
  });

  it('rejects a destroyed frame or window', () => {
    const contents = fakeContents();

    expect(isAppSender(eventFrom(contents, null), () => contents)).toBe(false);
    expect(isAppSender(eventFrom(contents, contents.mainFrame), () => null)).toBe(false);
  });
});

describe('IPC registration', () => {
  it('registers one channel per method', async () => {
    const registered = new Map<string, (event: unknown, args: unknown) => unknown>();
    const calls: unknown[][] = [];
    const handlers: BridgeHandlers<IpcMainInvokeEvent> = {
      methods: METHOD_NAMES,
      handle: async (sender, method, args) => {
        calls.push([sender, method, args]);
        return { ok: true, value: null };
      },
    };

    const unregister = registerBridge(
      {
        handle: (channel: string, listener: (event: unknown, args: unknown) => unknown) => registered.set(channel, listener),
        removeHandler: (channel: string) => registered.delete(channel),
      } as never,
      handlers,
    );

    expect([...registered.keys()].sort()).toEqual(METHOD_NAMES.map((method) => `nsight:call:${method}`).sort());
    await registered.get('nsight:call:listSites')!('event', { clientId: '1' });
    expect(calls).toEqual([['event', 'listSites', { clientId: '1' }]]);
    unregister();
    expect(registered.size).toBe(0);
  });

  it('sends events only to a live window', () => {
    const contents = fakeContents();

    sendEvent(contents, 'exportProgress', { batchId: 'b', done: 1, total: 2, clientName: 'Acme', format: 'pdf' });
    (contents as unknown as { destroyed: boolean }).destroyed = true;
    sendEvent(contents, 'exportProgress', { batchId: 'b', done: 2, total: 2, clientName: 'Acme', format: 'pdf' });

    expect(contents.sent).toEqual([['nsight:event:exportProgress', { batchId: 'b', done: 1, total: 2, clientName: 'Acme', format: 'pdf' }]]);
  });
});

import { beforeAll, describe, expect, it, vi } from 'vitest';

import { EVENT_NAMES, METHOD_NAMES, subscriberName } from '../../shared/contract.ts';

type Listener = (event: unknown, payload: unknown) => void;

const fake = vi.hoisted(() => ({
  exposed: [] as { key: string; api: Record<string, unknown> }[],
  invoked: [] as { channel: string; args: unknown }[],
  listeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => fake.exposed.push({ key, api }),
  },
  ipcRenderer: {
    invoke: async (channel: string, args: unknown) => {
      fake.invoked.push({ channel, args });
      return { ok: true, value: channel };
    },
    on: (channel: string, listener: Listener) => {
      const set = fake.listeners.get(channel) ?? new Set();
      set.add(listener);
      fake.listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Listener) => {
      fake.listeners.get(channel)?.delete(listener);
    },
  },
}));

let api: Record<string, unknown>;

beforeAll(async () => {
  await import('../../electron/preload.ts');
  api = fake.exposed[0]!.api;
});

describe('preload', () => {
  it('exposes one object as nsight', () => {
    expect(fake.exposed.map((entry) => entry.key)).toEqual(['nsight']);
  });

  it('exposes exactly the contract', () => {
    const expected = [...METHOD_NAMES, ...EVENT_NAMES.map((event) => subscriberName(event))].sort();

    expect(Object.keys(api).sort()).toEqual(expected);
  });

  it('exposes only functions', () => {
    for (const [key, value] of Object.entries(api)) {
      expect(typeof value, key).toBe('function');
    }
  });

  it('exposes no generic IPC', () => {
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'process', 'require']) {
      expect(api, name).not.toHaveProperty(name);
    }
  });

  it('invokes each method on its channel', async () => {
    for (const method of METHOD_NAMES) {
      const call = api[method] as (args?: unknown) => Promise<unknown>;

      const result = await call({ clientId: '7' });

      expect(result).toEqual({ ok: true, value: `nsight:call:${method}` });
      expect(fake.invoked.at(-1)).toEqual({ channel: `nsight:call:${method}`, args: { clientId: '7' } });
    }
  });

  it('sends an empty object without arguments', async () => {
    await (api.getSettings as () => Promise<unknown>)();

    expect(fake.invoked.at(-1)).toEqual({ channel: 'nsight:call:getSettings', args: {} });
  });

  it('forwards only the event payload', () => {
    const payloads: unknown[][] = [];
    const unsubscribe = (api.onSyncProgress as (listener: (...args: unknown[]) => void) => () => void)((...args) => payloads.push(args));
    const senderEvent = { sender: { send: () => {} } };

    for (const listener of fake.listeners.get('nsight:event:syncProgress') ?? []) listener(senderEvent, { done: 1 });

    expect(payloads).toEqual([[{ done: 1 }]]);
    unsubscribe();
    expect(fake.listeners.get('nsight:event:syncProgress')?.size).toBe(0);
  });

  it('rejects a listener that is not a function', () => {
    expect(() => (api.onExportProgress as (listener: unknown) => void)('alert(1)')).toThrow('onExportProgress expects a function.');
  });
});

// The `window.nsight` object, built from the contract's method and event names. This file has
// no runtime dependencies, so the preload can bundle it without zod.

import type { EventName, EventPayloads, MethodArgs, MethodName, MethodResult, Result } from './contract.ts';

/** Every contract method, in contract order; the type checks below keep it complete. */
export const METHOD_NAMES = [
  'getAppInfo',
  'listTerritories',
  'getConnectionStatus',
  'saveConnection',
  'testConnection',
  'forgetConnection',
  'useDemoAccount',
  'listClients',
  'listSites',
  'listDevices',
  'startSync',
  'cancelSync',
  'getSyncProgress',
  'querySessions',
  'getSessionFacets',
  'previewReport',
  'exportReport',
  'exportReports',
  'cancelExport',
  'revealExport',
  'getSettings',
  'setSettings',
  'chooseLogo',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = ['syncProgress', 'exportProgress', 'connectionChanged'] as const satisfies readonly EventName[];

/** Resolves to `true` only when the two unions are equal, so a missing name fails to compile. */
type SameNames<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : { missing: Exclude<A, B>; extra: Exclude<B, A> };
const methodListIsComplete: SameNames<MethodName, (typeof METHOD_NAMES)[number]> = true;
const eventListIsComplete: SameNames<EventName, (typeof EVENT_NAMES)[number]> = true;
void methodListIsComplete;
void eventListIsComplete;

/** `syncProgress` -> `onSyncProgress`. */
export type SubscriberName<E extends EventName> = `on${Capitalize<E>}`;

export function subscriberName<E extends EventName>(event: E): SubscriberName<E> {
  return `on${event[0]!.toUpperCase()}${event.slice(1)}` as SubscriberName<E>;
}

type MethodCall<M extends MethodName> =
  {} extends MethodArgs<M>
    ? (args?: MethodArgs<M>) => Promise<Result<MethodResult<M>>>
    : (args: MethodArgs<M>) => Promise<Result<MethodResult<M>>>;

/** The `window.nsight` object of the renderer. */
export type NsightBridge = { readonly [M in MethodName]: MethodCall<M> } & {
  /** Each returns a function that removes the listener. */
  readonly [E in EventName as SubscriberName<E>]: (listener: (payload: EventPayloads[E]) => void) => () => void;
};

/** Channel from a bridge object to main: IPC in the preload, HTTP and server-sent events in the web harness. */
export interface BridgeTransport {
  invoke(method: MethodName, args: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Builds the `window.nsight` object: exactly the contract's methods and subscribers, nothing else. */
export function createBridgeClient(transport: BridgeTransport): NsightBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    bridge[name] = (args?: unknown) => transport.invoke(name, args ?? {});
  }
  for (const event of EVENT_NAMES) {
    const subscriber = subscriberName(event);
    bridge[subscriber] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscriber} expects a function.`);
      return transport.subscribe(event, listener);
    };
  }
  return Object.freeze(bridge) as NsightBridge;
}

/** The IPC channel of a method (`ipcRenderer.invoke`). */
export function methodChannel(method: MethodName): string {
  return `nsight:call:${method}`;
}

/** The IPC channel of an event (`webContents.send`). */
export function eventChannel(event: EventName): string {
  return `nsight:event:${event}`;
}

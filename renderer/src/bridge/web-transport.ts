// The bridge over HTTP for the web harness: methods are POSTed as JSON to /api/<method>, and
// events arrive as server-sent events from /events. Both carry the harness's per-run token,
// which the page reads once from its URL (`?token=...`) and keeps for reloads of the tab.

import { EVENT_NAMES, type BridgeTransport, type EventName, type MethodName, type Result } from '../../../shared/contract.ts';

const TOKEN_KEY = 'nsight-web-token';

/** Reads the harness token from the page URL or, after a reload, from session storage. */
export function readHarnessToken(location: Location, storage: Storage): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

function failure(message: string): Result<unknown> {
  return { ok: false, error: { code: 'internal', message } };
}

/** Creates a transport that reaches the web harness on the page's own origin. */
export function createWebTransport(token: string): BridgeTransport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  function openEvents() {
    if (source) return;
    source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
    for (const event of EVENT_NAMES) {
      source.addEventListener(event, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of listeners.get(event) ?? []) listener(payload);
      });
    }
  }

  return {
    async invoke(method: MethodName, args: unknown): Promise<Result<unknown>> {
      let response: Response;
      try {
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-nsight-token': token },
          body: JSON.stringify(args ?? {}),
        });
      } catch {
        return failure('The web harness did not answer: start it again with npm run web and reload this page.');
      }
      try {
        return (await response.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'internal', message: `The web harness returned HTTP ${response.status} without a result for ${method}: restart npm run web and reload this page.` } };
      }
    },

    subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
      openEvents();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}

// Hash routes, so the renderer works from file:// in Electron and from the web harness alike.

export type Route =
  | { name: 'welcome' }
  | { name: 'clients' }
  | { name: 'client'; clientId: string; tab: 'devices' | 'sessions' | 'report' }
  | { name: 'sync' }
  | { name: 'batch' }
  | { name: 'settings' };

/** Parses `#/clients/42/report` and friends; anything unknown is the client list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((part) => part !== '').map(decodeURIComponent);
  const [first, second, third] = parts;
  switch (first) {
    case 'welcome':
      return { name: 'welcome' };
    case 'sync':
      return { name: 'sync' };
    case 'batch':
      return { name: 'batch' };
    case 'settings':
      return { name: 'settings' };
    case 'clients':
      if (second === undefined) return { name: 'clients' };
      if (third === 'sessions' || third === 'report') return { name: 'client', clientId: second, tab: third };
      return { name: 'client', clientId: second, tab: 'devices' };
    default:
      return { name: 'clients' };
  }
}

/** Returns the hash that `parseRoute` reads back as `route`. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'client': {
      const base = `#/clients/${encodeURIComponent(route.clientId)}`;
      return route.tab === 'devices' ? base : `${base}/${route.tab}`;
    }
    default:
      return `#/${route.name}`;
  }
}

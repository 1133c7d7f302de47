import { useEffect, useState } from 'react';
import { parseRoute, routeHash, type Route } from '../lib/routes.ts';

export { parseRoute, routeHash, type Route };

/** Moves to `route` by changing the location hash. */
export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

/** Returns the current route and re-renders on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

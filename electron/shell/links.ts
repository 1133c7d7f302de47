// The allow-list for links that leave the app: only https pages on the N-sight dashboard hosts
// and N-able's documentation host open, in the system browser. This file imports nothing from
// Electron so that its tests run under Node.

import { TERRITORIES } from '../api/servers.ts';

/** N-able's user guide, which documents the dashboard and the Data Extraction API. */
export const DOCUMENTATION_HOSTS: readonly string[] = ['documentation.n-able.com'];

/** The regional dashboard hosts; each territory's dashboard and API share one host. */
export const DASHBOARD_HOSTS: readonly string[] = Object.values(TERRITORIES);

const MAX_URL_LENGTH = 2048;

/**
 * Parses `text` and returns the URL to open when it is an https URL on an allowed host, else
 * null. The host must match exactly (no subdomains), with the default port and no user name or
 * password. `extraHosts` adds the user's own white-label dashboard host.
 */
export function allowedExternalUrl(text: string, extraHosts: readonly string[] = []): URL | null {
  if (typeof text !== 'string' || text.length > MAX_URL_LENGTH) return null;

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }

  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;

  const allowed = new Set([...DASHBOARD_HOSTS, ...DOCUMENTATION_HOSTS, ...extraHosts.map((host) => host.toLowerCase())]);
  return allowed.has(url.hostname) ? url : null;
}

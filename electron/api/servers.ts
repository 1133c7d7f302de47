// N-sight API servers: the official regional hosts, custom (white-label) hosts and full URLs,
// and the one way a request URL may be shown.

/** The official API host of each dashboard territory. */
export const TERRITORIES: Readonly<Record<string, string>> = {
  Americas: 'www.am.remote.management',
  Asia: 'wwwasia.system-monitor.com',
  Australia: 'www.system-monitor.com',
  Europe: 'wwweurope1.systemmonitor.eu.com',
  France: 'wwwfrance.systemmonitor.eu.com',
  'France 1': 'wwwfrance1.systemmonitor.eu.com',
  Germany: 'wwwgermany1.systemmonitor.eu.com',
  Ireland: 'wwwireland.systemmonitor.eu.com',
  Poland: 'wwwpoland1.systemmonitor.eu.com',
  'United Kingdom': 'www.systemmonitor.co.uk',
  'United States': 'www.systemmonitor.us',
};

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Tells whether `hostname` (as `URL.hostname` spells it) is a loopback address. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase());
}

function territoryHost(input: string): string | undefined {
  const requested = input.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  for (const [name, host] of Object.entries(TERRITORIES)) {
    if (name.toLowerCase() === requested) return host;
  }
  return undefined;
}

/**
 * Resolves a territory name ("United Kingdom"), a host ("www.systemmonitor.co.uk") or a full
 * URL to the API base URL (`https://host/api/`). Rejects plain `http` except on loopback.
 */
export function resolveServer(input: string): URL {
  const trimmed = input.trim();
  if (trimmed === '') throw new Error('The N-sight server is empty: give a territory name (such as "United Kingdom"), a host or a URL.');

  const host = territoryHost(trimmed);
  const text = host !== undefined ? `https://${host}/` : /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}/`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${trimmed}" is not a valid N-sight server: give a territory name (such as "United Kingdom"), a host or a URL.`);
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The N-sight server "${trimmed}" uses ${url.protocol.slice(0, -1)}: only https is supported.`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new Error(`The N-sight server "${trimmed}" uses plain http: use https, because the API key travels in the URL. Plain http is accepted only for 127.0.0.1, localhost and [::1].`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error(`The N-sight server "${url.host}" contains a user name or password: remove them.`);
  }

  url.search = '';
  url.hash = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/';
  else if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Returns `url` as text with the `apikey` parameter's value replaced, for logs and messages. */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.toString());
  } catch {
    return '[invalid URL]';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '';
    parsed.password = '';
  }
  if (parsed.search === '') return parsed.toString();
  const pairs: string[] = [];
  for (const [name, value] of parsed.searchParams) {
    const visible = name.toLowerCase() === 'apikey' ? '***' : encodeURIComponent(value);
    pairs.push(`${encodeURIComponent(name)}=${visible}`);
  }
  parsed.search = '';
  return `${parsed.toString()}?${pairs.join('&')}`;
}

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
  const requested = normalizeTerritory(input);
  for (const [name, host] of Object.entries(TERRITORIES)) {
    if (name.toLowerCase() === requested) return host;
  }
  return undefined;
}

/** Lower-cases a territory name and turns runs of spaces, `_` and `-` into one space. */
function normalizeTerritory(input: string): string {
  return input.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Returns the territory name closest to `input`, or undefined when none is within a third of
 * the input's length (at least 2 edits), which keeps "Atlantis" from suggesting "Asia".
 */
export function closestTerritory(input: string): string | undefined {
  const requested = normalizeTerritory(input);
  const limit = Math.max(2, Math.floor(requested.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(TERRITORIES)) {
    const distance = editDistance(requested, name.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function unknownTerritoryMessage(input: string): string {
  const names = Object.keys(TERRITORIES).map((name) => `"${name}"`).join(', ');
  const closest = closestTerritory(input);
  const suggestion = closest === undefined ? '' : ` Did you mean "${closest}"?`;
  return `"${input}" is not an N-sight territory, and a host name needs a dot (such as www.systemmonitor.co.uk).${suggestion} The territories are ${names}.`;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

/**
 * Rejects a host that cannot be an N-sight server before any DNS lookup: a bare word that is
 * not a territory, `localhost` or an IP address, and a name with characters a host name cannot
 * contain. `hostname` is as `URL.hostname` spells it (lower case, IPv6 in brackets).
 */
function checkHostname(input: string, hostname: string): void {
  if (isLoopback(hostname) || IPV4.test(hostname) || hostname.startsWith('[')) return;
  if (!hostname.includes('.')) throw new Error(unknownTerritoryMessage(input));
  const labels = hostname.replace(/\.$/, '').split('.');
  if (!labels.every((label) => label.length <= 63 && HOST_LABEL.test(label))) {
    throw new Error(`"${input}" is not a valid host name: a host contains only letters, digits, "-" and dots (such as www.systemmonitor.co.uk).`);
  }
}

/**
 * Resolves a territory name ("United Kingdom", in any case), a host ("www.systemmonitor.co.uk")
 * or a full URL to the API base URL (`https://host/api/`). Rejects plain `http` except on
 * loopback, and a bare word that is not a territory, suggesting the closest territory name.
 */
export function resolveServer(input: string): URL {
  const trimmed = input.trim();
  if (trimmed === '') throw new Error('The N-sight server is empty: give a territory name (such as "United Kingdom"), a host or a URL.');

  const host = territoryHost(trimmed);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  if (host === undefined && !isUrl && /\s/.test(trimmed)) {
    if (!trimmed.includes('.')) throw new Error(unknownTerritoryMessage(trimmed));
    throw new Error(`"${trimmed}" is not a valid host name: a host name contains no spaces.`);
  }
  const text = host !== undefined ? `https://${host}/` : isUrl ? trimmed : `https://${trimmed}/`;
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
  checkHostname(trimmed, url.hostname);

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

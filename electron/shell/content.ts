// The renderer's origin and Content-Security-Policy, and the mapping from `app://` URLs to the
// built renderer files. Nothing here imports Electron, so the tests run it under Node.

import { extname, isAbsolute, join, relative, resolve } from 'node:path';

/** The privileged scheme the app window loads from; it serves only the built renderer. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://renderer';
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The app window's policy: scripts, styles and fonts from the app itself, images also as data
 * URLs (the MSP logo preview), and no network origin at all. Only main talks to N-sight.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Tells whether `url` is a page or file of the app's own origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'renderer' && parsed.username === '' && parsed.port === '';
  } catch {
    return false;
  }
}

/**
 * Maps an `app://renderer/...` URL to a file under `root`, or null when the URL is of another
 * origin or its path leaves `root` (`..`, encoded separators, absolute paths).
 */
export function resolveAppFile(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';

  const base = resolve(root);
  const file = resolve(join(base, path));
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// The `app://renderer` scheme: serves the built renderer from disk with the Content-Security-
// Policy header, and nothing else. A real origin (instead of file://) lets main check exactly
// which page sent a bridge call.

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { protocol } from 'electron';

import type { Logger } from '../logger.ts';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, contentTypeOf, resolveAppFile } from './content.ts';

/** Registers the scheme's privileges; must run before the app is ready. */
export function registerAppScheme(): void {
  // NOTE: `corsEnabled` and `supportFetchAPI` are set because Chromium loads `<script type=module>`
  // through CORS-mode fetches; this was not run against an Electron binary here.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** Serves the files under `root` (the built renderer) on the app scheme. */
export function serveRenderer(root: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response(null, { status: 405 });
    // The renderer routes with the URL hash, so an unknown path is a missing file, never a page.
    const file = resolveAppFile(root, request.url);
    if (file === null) {
      logger.warn('Rejected an app URL outside the renderer', { url: request.url.slice(0, 200) });
      return notFound();
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    const headers: Record<string, string> = {
      'content-type': contentTypeOf(file),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (extname(file) === '.html') headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    return new Response(new Uint8Array(body), { status: 200, headers });
  });
}

// Rules for every web contents and the default session: no navigation, no new windows, no
// webviews, no permissions, no network requests from the renderer, and the policy header on
// every response. Links to N-sight's dashboard or documentation open in the system browser.

import { app, session, shell, type WebContents } from 'electron';

import type { Logger } from '../logger.ts';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './content.ts';
import { allowedExternalUrl } from './links.ts';

export interface SecurityOptions {
  logger: Logger;
  /** The user's own dashboard host (white-label), also allowed for links. */
  extraLinkHosts: () => readonly string[];
}

function openExternally(url: string, options: SecurityOptions): void {
  const allowed = allowedExternalUrl(url, options.extraLinkHosts());
  if (allowed === null) {
    options.logger.warn('Blocked a link to a host outside the allow-list', { url: url.slice(0, 200) });
    return;
  }
  void shell.openExternal(allowed.href).catch((error: unknown) => {
    options.logger.error('Could not open a link in the browser', { url: allowed.href, error: (error as Error).message });
  });
}

function guardContents(contents: WebContents, options: SecurityOptions): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.logger.warn('Blocked a webview');
  });
  contents.on('will-navigate', (event) => {
    // Hash changes do not emit will-navigate, so every event here would leave the app.
    event.preventDefault();
    if (!isAppUrl(event.url)) openExternally(event.url, options);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, options);
    return { action: 'deny' };
  });
}

/** Installs the rules; call once when the app is ready, before creating a window. */
export function installSecurityRules(options: SecurityOptions): void {
  const logger = options.logger;
  app.on('web-contents-created', (_event, contents) => guardContents(contents, options));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('Denied a permission request', { permission });
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  // Only main talks to the network; the renderer reaches nothing but its own files.
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    logger.warn('Blocked a network request from the renderer', { url: details.url.slice(0, 200) });
    callback({ cancel: true });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

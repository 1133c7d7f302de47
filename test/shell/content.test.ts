import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { CONTENT_SECURITY_POLICY, contentTypeOf, isAppUrl, resolveAppFile } from '../../electron/shell/content.ts';

const ROOT = resolve('/opt/app/dist/renderer');

describe('app origin', () => {
  it.each(['app://renderer/index.html', 'app://renderer/assets/main-1a2b.js', 'app://renderer/#/clients/4'])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'app://other/index.html',
    'app://renderer:8080/index.html',
    'app://user@renderer/index.html',
    'file:///opt/app/dist/renderer/index.html',
    'http://127.0.0.1:5173/',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
  ])('rejects %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('app file resolution', () => {
  it('maps paths under the renderer folder', () => {
    expect(resolveAppFile(ROOT, 'app://renderer/assets/main.js')).toBe(join(ROOT, 'assets', 'main.js'));
    expect(resolveAppFile(ROOT, 'app://renderer/')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'app://renderer/index.html?x=1#/clients')).toBe(join(ROOT, 'index.html'));
  });

  it.each(['app://renderer/../../etc/passwd', 'app://renderer/%2e%2e/%2e%2e/etc/passwd'])('keeps dot segments inside: %s', (url) => {
    // The URL parser removes dot segments, so the path can only climb to the folder itself.
    expect(resolveAppFile(ROOT, url)).toBe(join(ROOT, 'etc', 'passwd'));
  });

  it.each([
    ['encoded slash', 'app://renderer/assets%2f..%2f..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://renderer/..%5c..%5cwindows%5cwin.ini'],
    ['null byte', 'app://renderer/index.html%00.png'],
    ['bad escape', 'app://renderer/%E0%A4%A'],
    ['other host', 'app://evil/index.html'],
    ['file scheme', 'file:///etc/passwd'],
  ])('rejects %s', (_case, url) => {
    expect(resolveAppFile(ROOT, url)).toBeNull();
  });
});

describe('content security policy', () => {
  it('allows no network origin', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((part) => [part.split(' ')[0], part]));

    expect(directives.get('default-src')).toBe("default-src 'none'");
    expect(directives.get('connect-src')).toBe("connect-src 'none'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
  });

  it('names content types', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

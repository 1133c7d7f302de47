import { describe, expect, it } from 'vitest';

import { allowedExternalUrl } from '../../electron/shell/links.ts';

describe('external link check', () => {
  it.each([
    'https://documentation.n-able.com/remote-management/userguide/Content/api_key.htm',
    'https://www.systemmonitor.us/dashboard/',
    'https://wwweurope1.systemmonitor.eu.com/',
    'https://WWW.SYSTEMMONITOR.CO.UK/dashboard',
  ])('opens %s', (text) => {
    expect(allowedExternalUrl(text)?.protocol).toBe('https:');
  });

  it('returns the parsed URL, not the input text', () => {
    expect(allowedExternalUrl('https://WWW.systemmonitor.us/a b')?.href).toBe('https://www.systemmonitor.us/a%20b');
  });

  it.each([
    ['plain http', 'http://documentation.n-able.com/'],
    ['javascript', 'javascript:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['suffix host', 'https://documentation.n-able.com.evil.example/'],
    ['prefix host', 'https://evildocumentation.n-able.com/'],
    ['subdomain', 'https://a.documentation.n-able.com/'],
    ['parent domain', 'https://n-able.com/'],
    ['user info', 'https://evil.example@documentation.n-able.com/'],
    ['user info host', 'https://documentation.n-able.com@evil.example/'],
    ['password', 'https://user:pass@www.systemmonitor.us/'],
    ['port', 'https://www.systemmonitor.us:8443/'],
    ['trailing dot', 'https://documentation.n-able.com./'],
    ['homograph', 'https://documentatіon.n-able.com/'],
    ['backslash host', 'https:\\\\evil.example\\documentation.n-able.com'],
    ['relative', '/dashboard'],
    ['empty', ''],
    ['custom protocol', 'app://renderer/index.html'],
    ['too long', `https://documentation.n-able.com/${'a'.repeat(3000)}`],
    ['loopback', 'https://127.0.0.1/'],
  ])('rejects %s', (_case, text) => {
    expect(allowedExternalUrl(text)).toBeNull();
  });

  it('allows a configured white-label host exactly', () => {
    expect(allowedExternalUrl('https://rmm.contoso.example/', ['RMM.contoso.example'])?.hostname).toBe('rmm.contoso.example');
    expect(allowedExternalUrl('https://evil.rmm.contoso.example/', ['rmm.contoso.example'])).toBeNull();
  });
});

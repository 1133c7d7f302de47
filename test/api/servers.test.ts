import { describe, expect, it } from 'vitest';
import { redactUrl, resolveServer, TERRITORIES } from '../../electron/api/servers.ts';

describe('resolveServer', () => {
  it('maps all 11 territories', () => {
    expect(Object.keys(TERRITORIES)).toHaveLength(11);
    expect(resolveServer('United Kingdom').href).toBe('https://www.systemmonitor.co.uk/api/');
    expect(resolveServer('united states').href).toBe('https://www.systemmonitor.us/api/');
    expect(resolveServer('France 1').href).toBe('https://wwwfrance1.systemmonitor.eu.com/api/');
    expect(resolveServer('Americas').href).toBe('https://www.am.remote.management/api/');
  });

  it('accepts a custom host', () => {
    expect(resolveServer('rmm.example-msp.test').href).toBe('https://rmm.example-msp.test/api/');
    expect(resolveServer(' rmm.example-msp.test:8443 ').href).toBe('https://rmm.example-msp.test:8443/api/');
  });

  it('accepts a full URL', () => {
    expect(resolveServer('https://www.systemmonitor.us/api').href).toBe('https://www.systemmonitor.us/api/');
    expect(resolveServer('https://www.systemmonitor.us/api/?apikey=x#top').href).toBe('https://www.systemmonitor.us/api/');
  });

  it('allows http only on loopback', () => {
    expect(resolveServer('http://127.0.0.1:8080').href).toBe('http://127.0.0.1:8080/api/');
    expect(resolveServer('http://localhost:8080/api').href).toBe('http://localhost:8080/api/');
    expect(resolveServer('http://[::1]:8080').href).toBe('http://[::1]:8080/api/');
    expect(() => resolveServer('http://www.systemmonitor.us')).toThrow(
      'The N-sight server "http://www.systemmonitor.us" uses plain http: use https, because the API key travels in the URL.',
    );
    expect(() => resolveServer('http://127.0.0.2')).toThrow('uses plain http');
  });

  it('rejects other schemes and empty input', () => {
    expect(() => resolveServer('ftp://www.systemmonitor.us')).toThrow('uses ftp: only https is supported.');
    expect(() => resolveServer('  ')).toThrow('The N-sight server is empty');
    expect(() => resolveServer('https://user:pw@www.systemmonitor.us')).toThrow('contains a user name or password');
  });

  it('matches territories in any case', () => {
    expect(resolveServer('UNITED KINGDOM').href).toBe('https://www.systemmonitor.co.uk/api/');
    expect(resolveServer('france-1').href).toBe('https://wwwfrance1.systemmonitor.eu.com/api/');
  });

  it('rejects a bare word', () => {
    expect(() => resolveServer('Atlantis')).toThrow('"Atlantis" is not an N-sight territory, and a host name needs a dot');
    expect(() => resolveServer('Atlantis')).toThrow('The territories are "Americas", "Asia", "Australia"');
    expect(() => resolveServer('Atlantis')).not.toThrow('Did you mean');
    expect(() => resolveServer('https://atlantis/api')).toThrow('is not an N-sight territory');
  });

  it('suggests the closest territory', () => {
    expect(() => resolveServer('United Kingdon')).toThrow('Did you mean "United Kingdom"?');
    expect(() => resolveServer('germny')).toThrow('Did you mean "Germany"?');
    expect(() => resolveServer('Austrlia')).toThrow('Did you mean "Australia"?');
  });

  it('rejects invalid host characters', () => {
    expect(() => resolveServer('rmm.example msp.test')).toThrow('"rmm.example msp.test" is not a valid host name: a host name contains no spaces.');
    expect(() => resolveServer('rmm_1.example.test')).toThrow('"rmm_1.example.test" is not a valid host name');
    expect(() => resolveServer('https://-rmm.example.test')).toThrow('is not a valid host name');
  });

  it('accepts localhost and IP addresses', () => {
    expect(resolveServer('localhost:8443').href).toBe('https://localhost:8443/api/');
    expect(resolveServer('192.0.2.10').href).toBe('https://192.0.2.10/api/');
    expect(resolveServer('https://[2001:db8::1]').href).toBe('https://[2001:db8::1]/api/');
  });
});

describe('redactUrl', () => {
  it('hides the key and keeps the rest', () => {
    const url = 'https://www.systemmonitor.us/api/?apikey=s3cr3t%2Fkey&service=list_mob_sessions&deviceid=42';

    expect(redactUrl(url)).toBe('https://www.systemmonitor.us/api/?apikey=***&service=list_mob_sessions&deviceid=42');
    expect(redactUrl(new URL(url))).not.toContain('s3cr3t');
  });

  it('hides a key in any letter case', () => {
    expect(redactUrl('https://h.test/api/?APIKEY=s3cr3t')).toBe('https://h.test/api/?APIKEY=***');
  });

  it('leaves a URL without a query alone', () => {
    expect(redactUrl('https://h.test/api/')).toBe('https://h.test/api/');
  });
});

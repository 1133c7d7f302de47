import { describe, expect, it } from 'vitest';

import { describeError, redactText, redactValue } from '../../electron/bridge/redact.ts';

const KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

describe('redaction', () => {
  it('removes the key in every form', () => {
    const text = `key ${KEY}, encoded ${encodeURIComponent(`${KEY}/+`)}, url https://x/api/?apikey=${KEY}&service=list_clients`;

    const redacted = redactText(text, [KEY, `${KEY}/+`]);

    expect(redacted).not.toContain(KEY);
    expect(redacted).toBe('key [redacted], encoded [redacted], url https://x/api/?apikey=[redacted]&service=list_clients');
  });

  it('removes any apikey parameter', () => {
    expect(redactText('GET /api?service=x&APIKEY=zzz-unknown-zzz done')).toBe('GET /api?service=x&APIKEY=[redacted] done');
  });

  it('ignores secrets too short to be a key', () => {
    expect(redactText('the test ran', ['test'])).toBe('the test ran');
  });

  it('redacts nested log contexts', () => {
    const context = { host: 'h', request: { url: `https://h/api/?apikey=${KEY}`, headers: [`x ${KEY}`] }, apiKey: 'anything', when: new Date(0) };

    const redacted = redactValue(context, [KEY]) as Record<string, unknown>;

    expect(JSON.stringify(redacted)).not.toContain(KEY);
    expect(redacted.apiKey).toBe('[redacted]');
    expect(redacted.host).toBe('h');
    expect(redacted.when).toEqual(new Date(0));
  });

  it('turns errors into redacted text', () => {
    const redacted = redactValue(new Error(`failed with ${KEY}`), [KEY]);

    expect(typeof redacted).toBe('string');
    expect(redacted).toContain('Error: failed with [redacted]');
  });

  it('stops at a cause cycle', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    (first as { cause?: unknown }).cause = second;

    expect(describeError(second).split('Caused by:')).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';

import { crashDetails, crashSummary } from '../../electron/shell/crash-report.ts';

const KEY = 'f00dfeedf00dfeedf00dfeed12345678';
const CONTEXT = { version: '0.1.0', platform: 'linux', arch: 'x64', electron: '45.6.1', time: '2026-11-30T12:00:00.000Z' };

describe('crash report', () => {
  it('names the version and the error', () => {
    const details = crashDetails(new TypeError('cannot read x'), CONTEXT, []);

    expect(details.split('\n').slice(0, 3)).toEqual(['N-sight Backup Reports 0.1.0', 'Electron 45.6.1 on linux x64', 'Time: 2026-11-30T12:00:00.000Z']);
    expect(details).toContain('TypeError: cannot read x');
  });

  it('removes the key from messages, stacks and causes', () => {
    const cause = new Error(`GET https://www.systemmonitor.us/api/?apikey=${KEY}&service=list_clients failed`);
    const error = new Error(`sync failed with key ${KEY}`, { cause });

    const details = crashDetails(error, CONTEXT, [KEY]);

    expect(details).not.toContain(KEY);
    expect(details).toContain('Caused by: Error: GET https://www.systemmonitor.us/api/?apikey=[redacted]&service=list_clients failed');
  });

  it('removes an apikey parameter without knowing the key', () => {
    expect(crashSummary(new Error('at /api/?apikey=unknownsecret&service=x'), [])).toBe('Error: at /api/?apikey=[redacted]&service=x');
  });

  it('summarizes non-errors', () => {
    expect(crashSummary('plain text\nsecond line', [])).toBe('plain text');
  });
});

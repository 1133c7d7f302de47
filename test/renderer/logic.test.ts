import { describe, expect, it } from 'vitest';

import { ERROR_CODES, type AppSettings, type SyncFailure } from '../../shared/contract.ts';
import { localDateRange } from '../../renderer/src/lib/dates.ts';
import { explainError } from '../../renderer/src/lib/errors.ts';
import { buildSearchIndex, filterByWords } from '../../renderer/src/lib/filter.ts';
import { formatAge, formatTimeLeft } from '../../renderer/src/lib/format.ts';
import { parseRoute, routeHash, type Route } from '../../renderer/src/lib/routes.ts';
import { settingsPatch } from '../../renderer/src/lib/settings.ts';
import { retryScopes } from '../../renderer/src/lib/sync.ts';

describe('filterByWords', () => {
  const rows = ['Müller Bau GmbH', 'Acme Dental', 'Northwind Traders', 'Acme Legal'];
  const index = buildSearchIndex(rows, (row) => row);

  it('matches every word in any order', () => {
    expect(filterByWords(rows, index, 'legal acme')).toEqual(['Acme Legal']);
  });

  it('ignores case and keeps non-ASCII letters', () => {
    expect(filterByWords(rows, index, 'MÜLLER')).toEqual(['Müller Bau GmbH']);
  });

  it('returns the same array for an empty query', () => {
    expect(filterByWords(rows, index, '   ')).toBe(rows);
  });

  it('returns nothing when one word misses', () => {
    expect(filterByWords(rows, index, 'acme zebra')).toEqual([]);
  });
});

describe('routes', () => {
  const routes: [string, Route][] = [
    ['#/clients', { name: 'clients' }],
    ['#/clients/42', { name: 'client', clientId: '42', tab: 'devices' }],
    ['#/clients/42/sessions', { name: 'client', clientId: '42', tab: 'sessions' }],
    ['#/clients/a%2Fb/report', { name: 'client', clientId: 'a/b', tab: 'report' }],
    ['#/settings', { name: 'settings' }],
    ['#/welcome', { name: 'welcome' }],
  ];

  it.each(routes)('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each(routes)('writes back %s', (hash, route) => {
    expect(routeHash(route)).toBe(hash);
  });

  it('sends unknown hashes to the client list', () => {
    expect(parseRoute('#/nowhere/at/all')).toEqual({ name: 'clients' });
    expect(parseRoute('')).toEqual({ name: 'clients' });
  });
});

describe('localDateRange', () => {
  it('covers whole local days in London summer time', () => {
    // 2025-06-01 00:00 BST is 2025-05-31 23:00 UTC; the day after 2025-06-30 starts at 2025-06-30 23:00 UTC.
    expect(localDateRange('2025-06-01', '2025-06-30', 'Europe/London')).toEqual({
      from: '2025-05-31T23:00:00.000Z',
      to: '2025-06-30T23:00:00.000Z',
    });
  });

  it('rolls the end over a month and a DST change', () => {
    // New York leaves DST on 2025-11-02, so 2025-11-03 00:00 EST is 05:00 UTC.
    expect(localDateRange('', '2025-11-02', 'America/New_York')).toEqual({ from: null, to: '2025-11-03T05:00:00.000Z' });
  });

  it('leaves empty dates open', () => {
    expect(localDateRange('', '', 'UTC')).toEqual({ from: null, to: null });
  });
});

describe('explainError', () => {
  it.each(ERROR_CODES)('gives a sentence with a next step for %s', (code) => {
    // A server message is itself the sentence for the server codes, so they get none here.
    const message = code === 'invalid-server' || code === 'unreachable' ? '' : 'detail';
    const explained = explainError({ code, message });
    expect(explained.sentence).toMatch(/^[A-Z].*: .+\.$/);
    expect(explained.detail).toBe(message);
  });

  it('shows the server message as the sentence', () => {
    const message = 'The server at 127.0.0.1:9 could not be reached: check the address and the network, then test again.';
    expect(explainError({ code: 'unreachable', message })).toEqual({ code: 'unreachable', sentence: message, detail: message });
    expect(explainError({ code: 'invalid-server', message: '"Atlantis" is not a host: give one.' }).sentence).toBe('"Atlantis" is not a host: give one.');
    expect(explainError({ code: 'invalid-server', message: '' }).sentence).toContain('www.example.com');
  });

  it('blames neither side alone for a missing item', () => {
    // N-sight's "Invalid value for parameter" reaches the renderer as not-found too.
    expect(explainError({ code: 'not-found', message: '' }).sentence).toContain('N-sight or the cache');
  });

  it('names the region for a rejected key', () => {
    expect(explainError({ code: 'auth-failed', message: '' }).sentence).toContain('territory');
  });
});

describe('retryScopes', () => {
  const error = { code: 'timeout' as const, message: 'Timed out.' };
  const failure = (clientId: string | null, deviceId: string | null): SyncFailure => ({ clientId, deviceId, name: 'x', error });

  it('retries failed devices per client', () => {
    expect(retryScopes([failure('1', 'a'), failure('2', 'c'), failure('1', 'b')])).toEqual([
      { kind: 'client', clientId: '1', deviceIds: ['a', 'b'] },
      { kind: 'client', clientId: '2', deviceIds: ['c'] },
    ]);
  });

  it('retries a whole client when the client failed', () => {
    expect(retryScopes([failure('1', 'a'), failure('1', null)])).toEqual([{ kind: 'client', clientId: '1' }]);
  });

  it('retries the client list when it failed', () => {
    expect(retryScopes([failure(null, null), failure('1', 'a')])).toEqual([{ kind: 'clients' }]);
  });
});

describe('settingsPatch', () => {
  const saved: AppSettings = {
    mspName: 'Acme IT',
    logo: null,
    sizeUnit: 'GB',
    atRiskThresholdDays: 3,
    completedWithErrorsCountsAsSuccess: false,
    paperSize: 'A4',
    pdfListsEverySession: false,
    defaultTimeZone: null,
    defaultFormats: ['xlsx', 'pdf'],
    requestBudget: { callsPerMinute: 60, concurrency: 1 },
  };

  it('is empty without changes', () => {
    expect(settingsPatch(saved, { ...saved })).toEqual({});
  });

  it('holds only the changed fields', () => {
    const draft = { ...saved, atRiskThresholdDays: 5, requestBudget: { callsPerMinute: 30, concurrency: 1 } };
    expect(settingsPatch(saved, draft)).toEqual({ atRiskThresholdDays: 5, requestBudget: { callsPerMinute: 30, concurrency: 1 } });
  });
});

describe('formatAge', () => {
  const now = new Date('2025-03-10T12:00:00Z');

  it.each([
    ['2025-03-10T11:59:30Z', 'just now'],
    ['2025-03-10T11:59:00Z', '1 minute ago'],
    ['2025-03-10T09:30:00Z', '2 hours ago'],
    ['2025-03-07T12:00:00Z', '3 days ago'],
  ])('says %s is %s', (iso, text) => {
    expect(formatAge(iso, now)).toBe(text);
  });

  it('says never for null', () => {
    expect(formatAge(null, now)).toBe('never');
  });
});

describe('formatTimeLeft', () => {
  it.each([
    [30_000, 'less than a minute left'],
    [61_000, 'about 2 min left'],
    [3_900_000, 'about 1 h 05 min left'],
  ])('formats %i ms', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });
});

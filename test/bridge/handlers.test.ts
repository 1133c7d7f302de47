import { describe, expect, it } from 'vitest';

import { METHOD_NAMES, type BridgeError, type MethodName, type Result } from '../../shared/contract.ts';
import { NsightApiError } from '../../electron/api/errors.ts';
import { BridgeFailure } from '../../electron/bridge/errors.ts';
import { createBridgeHandlers, type BridgeServices } from '../../electron/bridge/handlers.ts';
import type { LogContext, Logger } from '../../electron/logger.ts';

/** Returns the error of a failed result, or undefined for a success. */
function errorOf(result: Result<unknown>): BridgeError | undefined {
  return result.ok ? undefined : result.error;
}

interface LogLine {
  level: string;
  message: string;
  context: LogContext | undefined;
}

function recordingLogger(lines: LogLine[]): Logger {
  const logger: Logger = {
    debug: (message, context) => lines.push({ level: 'debug', message, context }),
    info: (message, context) => lines.push({ level: 'info', message, context }),
    warn: (message, context) => lines.push({ level: 'warn', message, context }),
    error: (message, context) => lines.push({ level: 'error', message, context }),
    child: () => logger,
  };
  return logger;
}

interface Harness {
  calls: { method: MethodName; args: unknown }[];
  log: LogLine[];
  handle: (method: string, args: unknown, sender?: string) => ReturnType<ReturnType<typeof createBridgeHandlers<string>>['handle']>;
}

function harness(overrides: Partial<Record<MethodName, (args: unknown) => Promise<unknown>>> = {}): Harness {
  const calls: Harness['calls'] = [];
  const log: LogLine[] = [];
  const services = {} as Record<MethodName, (args: unknown) => Promise<unknown>>;
  for (const method of METHOD_NAMES) {
    services[method] = async (args) => {
      calls.push({ method, args });
      const override = overrides[method];
      return override === undefined ? null : override(args);
    };
  }
  const handlers = createBridgeHandlers<string>({
    services: services as unknown as BridgeServices,
    isTrustedSender: (sender) => sender === 'app',
    logger: recordingLogger(log),
    secrets: () => ['SECRET-KEY-1234567890'],
  });
  return { calls, log, handle: (method, args, sender = 'app') => handlers.handle(sender, method, args) };
}

describe('bridge handlers', () => {
  it('passes parsed arguments to the service', async () => {
    const h = harness({ listSites: async () => [] });

    const result = await h.handle('listSites', { clientId: '42' });

    expect(result).toEqual({ ok: true, value: [] });
    expect(h.calls).toEqual([{ method: 'listSites', args: { clientId: '42' } }]);
  });

  it('accepts a missing argument for methods without fields', async () => {
    const h = harness();

    const result = await h.handle('getSettings', undefined);

    expect(result).toEqual({ ok: true, value: null });
    expect(h.calls.map((call) => call.method)).toEqual(['getSettings']);
  });

  it('rejects unknown senders without calling', async () => {
    const h = harness();

    const result = await h.handle('forgetConnection', {}, 'https://evil.example');

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('forbidden-sender');
    expect(h.calls).toEqual([]);
  });

  it('treats a throwing sender check as unknown', async () => {
    const h = harness();
    const handlers = createBridgeHandlers<string>({
      services: {} as BridgeServices,
      isTrustedSender: () => {
        throw new Error('destroyed frame');
      },
      logger: recordingLogger(h.log),
    });

    const result = await handlers.handle('app', 'getSettings', {});

    expect(errorOf(result)?.code).toBe('forbidden-sender');
  });

  it.each(['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])('rejects unknown method %j', async (method) => {
    const h = harness();

    const result = await h.handle(method, {});

    expect(errorOf(result)?.code).toBe('unknown-method');
    expect(h.calls).toEqual([]);
  });

  const invalidCalls: [string, MethodName, unknown][] = [
    ['wrong type', 'listSites', { clientId: 42 }],
    ['missing field', 'listSites', {}],
    ['extra field', 'listSites', { clientId: '1', path: '/etc/passwd' }],
    ['extra field on empty', 'forgetConnection', { now: true }],
    ['array as argument', 'listSites', ['1']],
    ['string as argument', 'listSites', 'clientId=1'],
    ['null as argument', 'listSites', null],
    ['huge string', 'saveConnection', { server: 'x'.repeat(1_000_000), apiKey: 'abcdefgh1234', keep: 'session' }],
    ['huge key', 'saveConnection', { server: 'Europe', apiKey: 'k'.repeat(10_000), keep: 'session' }],
    ['huge array', 'querySessions', { clientId: '1', deviceIds: Array.from({ length: 20_001 }, (_, i) => String(i)), offset: 0, limit: 10 }],
    ['huge page', 'querySessions', { clientId: '1', offset: 0, limit: 1_000_000 }],
    ['bad month', 'previewReport', { clientId: '1', month: '2025-13' }],
    ['bad time zone', 'previewReport', { clientId: '1', month: '2025-01', timeZone: '../../etc' }],
    ['bad format', 'exportReport', { clientId: '1', month: '2025-01', formats: ['exe'] }],
    ['repeated format', 'exportReport', { clientId: '1', month: '2025-01', formats: ['pdf', 'pdf'] }],
    ['path in export', 'exportReport', { clientId: '1', month: '2025-01', formats: ['pdf'], outDir: '/tmp' }],
    ['bad scope', 'startSync', { scope: { kind: 'everything' } }],
    ['unknown setting', 'setSettings', { patch: { mspLogoPath: '/etc/passwd' } }],
    ['logo path', 'setSettings', { patch: { logo: { fileName: 'a.png', dataUrl: 'data:' } } }],
    ['budget too high', 'setSettings', { patch: { requestBudget: { callsPerMinute: 100_000, concurrency: 1 } } }],
    ['fractional offset', 'querySessions', { clientId: '1', offset: 1.5, limit: 10 }],
    ['key without server', 'testConnection', { apiKey: 'abcdefgh1234' }],
    ['prototype pollution', 'listSites', JSON.parse('{"clientId":"1","__proto__":{"x":1}}')],
  ];

  it.each(invalidCalls)('rejects %s', async (_case, method, args) => {
    const h = harness();

    const result = await h.handle(method, args);

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('invalid-argument');
    expect(h.calls).toEqual([]);
  });

  it('never echoes argument values', async () => {
    const h = harness();

    const result = await h.handle('saveConnection', { server: 'Europe', apiKey: 'SECRET-KEY-1234567890', keep: 'forever' });

    expect(errorOf(result)?.code).toBe('invalid-argument');
    expect(JSON.stringify(result)).not.toContain('SECRET-KEY');
    expect(JSON.stringify(h.log)).not.toContain('SECRET-KEY');
  });

  it('returns expected failures with their code', async () => {
    const h = harness({
      startSync: async () => {
        throw new BridgeFailure('busy', 'A sync is already running. Wait for it to finish or cancel it.');
      },
    });

    const result = await h.handle('startSync', { scope: { kind: 'clients' } });

    expect(result).toEqual({ ok: false, error: { code: 'busy', message: 'A sync is already running. Wait for it to finish or cancel it.' } });
  });

  it('maps N-sight errors to codes', async () => {
    const h = harness({
      testConnection: async () => {
        throw new NsightApiError({ kind: 'auth', service: 'list_clients', host: 'www.systemmonitor.us', message: 'Login failed on www.systemmonitor.us: check the API key and the region.' });
      },
    });

    const result = await h.handle('testConnection', {});

    expect(result).toEqual({ ok: false, error: { code: 'auth-failed', message: 'Login failed on www.systemmonitor.us: check the API key and the region.' } });
  });

  it('hides unexpected errors and redacts the log', async () => {
    const h = harness({
      listClients: async () => {
        throw new TypeError('boom at https://x/api/?apikey=SECRET-KEY-1234567890&service=list_clients');
      },
    });

    const result = await h.handle('listClients', {});

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('internal');
    expect(errorOf(result)?.message).toBe('listClients failed unexpectedly. The details are in the log (Help > Open logs folder).');
    const logged = JSON.stringify(h.log);
    expect(logged).toContain('boom at');
    expect(logged).not.toContain('SECRET-KEY');
  });

  it('redacts the key from expected messages', async () => {
    const h = harness({
      testConnection: async () => {
        throw new BridgeFailure('offline', 'Could not reach host with key SECRET-KEY-1234567890.');
      },
    });

    const result = await h.handle('testConnection', {});

    expect(errorOf(result)?.message).toBe('Could not reach host with key [redacted].');
  });
});

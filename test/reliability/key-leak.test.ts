// The API key never appears in clear text. The run saves a connection, tests it, syncs, exports
// reports, fails a sync, builds a crash report and runs the command line's sync and api
// commands. Afterwards no file the product wrote and no output it produced contains the key,
// plain or URL-encoded. Report files are unpacked first (xlsx is a zip, PDF text is extracted).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run.ts';
import { crashDetails, crashSummary } from '../../electron/shell/crash-report.ts';
import { startApp, type AppHarness } from './app.ts';
import { captureIo, listFiles, smallAccount, startSimServer, tempFolder, type SimServer } from './support.ts';

/** A key with characters that URL encoding changes, so both forms are distinct. */
const API_KEY = 'Zq7+Kx/9mW=p&T4%vN2s-8HcLe61';
const FORMS = [API_KEY, encodeURIComponent(API_KEY), new URLSearchParams({ apikey: API_KEY }).toString().slice('apikey='.length)];

let folder: ReturnType<typeof tempFolder>;
let sim: SimServer;
let app: AppHarness;
/** Everything the product returned or printed, by where it came from. */
const outputs = new Map<string, string>();

function record(source: string, value: unknown): void {
  outputs.set(`${source} #${outputs.size}`, typeof value === 'string' ? value : JSON.stringify(value));
}

/** Returns the text a file shows to a reader: zip entries unpacked, PDF text extracted, others as bytes. */
function readable(file: string): string {
  if (file.endsWith('.xlsx')) return execFileSync('unzip', ['-p', file], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
  if (file.endsWith('.pdf')) return readFileSync(file, 'latin1') + execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return readFileSync(file, 'latin1') + readFileSync(file, 'utf8');
}

beforeAll(async () => {
  folder = tempFolder();
  const account = smallAccount(5);
  sim = await startSimServer(account, API_KEY);
  app = startApp(path.join(folder.dir, 'app'));

  record('saveConnection', await app.call('saveConnection', { server: sim.server.url, apiKey: API_KEY, keep: 'encrypted' }));
  record('getConnectionStatus', await app.call('getConnectionStatus'));
  record('testConnection', await app.call('testConnection', {}));
  record('testConnection typed', await app.call('testConnection', { server: sim.server.url, apiKey: API_KEY }));
  record('startSync', await app.call('startSync', { scope: { kind: 'all' } }));
  const clientId = account.clients[0]!.id;
  record('previewReport', await app.call('previewReport', { clientId, month: '2026-11', timeZone: 'UTC' }));
  record('exportReport', await app.call('exportReport', { clientId, month: '2026-11', timeZone: 'UTC', formats: ['pdf'] }));
  record('exportReports', await app.call('exportReports', { month: '2026-11', timeZone: 'UTC', formats: ['xlsx', 'pdf', 'json'] }));

  // Errors: a failing device, then a firewall that stops the sync, then a key with a typo.
  sim.server.setFault({ kind: 'server-error', service: 'list_mob_sessions' });
  record('startSync 500', await app.call('startSync', { scope: { kind: 'all' } }));
  sim.server.setFault({ kind: 'firewall' });
  record('startSync firewall', await app.call('startSync', { scope: { kind: 'all' } }));
  sim.server.setFault(null);
  record('testConnection typo', await app.call('testConnection', { server: sim.server.url, apiKey: `${API_KEY}x` }));
  record('setSettings', await app.call('setSettings', { patch: { mspName: 'Über IT', requestBudget: { callsPerMinute: 120, concurrency: 2 } } }));

  // The crash dialog of an error whose message carries the key, as a failed request URL would.
  const crash = new Error(`GET ${sim.server.url}/api/?apikey=${encodeURIComponent(API_KEY)}&service=list_clients failed for key ${API_KEY}`, {
    cause: new Error(`inner: ${API_KEY}`),
  });
  const context = { version: '0.1.0', platform: 'linux', arch: 'x64', electron: '45.0.0', time: '2026-12-01T08:00:00.000Z' };
  record('crashDetails', crashDetails(crash, context, app.services.secrets()));
  record('crashSummary', crashSummary(crash, app.services.secrets()));

  // A user who pastes a whole API URL, key included, as the server.
  const pasted = `${sim.server.url}/api/?apikey=${encodeURIComponent(API_KEY)}&service=list_clients`;
  record('saveConnection pasted URL', await app.call('saveConnection', { server: pasted, apiKey: API_KEY, keep: 'encrypted' }));
  record('testConnection pasted URL', await app.call('testConnection', {}));
  record('events', app.events);

  // The command line, with every request logged.
  const cliCache = path.join(folder.dir, 'cli', 'cache.sqlite');
  const env = { NSIGHT_API_KEY: API_KEY, NSIGHT_SERVER: sim.server.url, NSIGHT_CACHE: cliCache };
  const cliReports = path.join(folder.dir, 'cli', 'reports');
  mkdirSync(cliReports, { recursive: true });
  for (const args of [
    ['sync', '--verbose', '--max-rate', '6000'],
    ['sync', '--verbose', '--json', '--max-rate', '6000'],
    ['api', 'list_clients', '--verbose'],
    ['api', 'list_clients', '--raw'],
    ['api', 'list_mob_sessions', 'deviceid=does-not-exist', '--verbose'],
    ['clients', '--json'],
    ['status'],
    ['report', '--all', '--month', '2026-11', '--format', 'xlsx,pdf,json', '--out', cliReports],
  ]) {
    const run = captureIo(env);
    const code = await runCli(args, run.io);
    record(`cli ${args.join(' ')} (exit ${code}) stdout`, run.stdout());
    record(`cli ${args.join(' ')} stderr`, run.stderr());
  }
  sim.server.setFault({ kind: 'firewall' });
  const failing = captureIo(env);
  record('cli sync firewall', `${await runCli(['sync', '--verbose'], failing.io)} ${failing.stdout()} ${failing.stderr()}`);
  sim.server.setFault(null);
  app.close();
}, 120_000);

afterAll(async () => {
  await sim?.server.close();
  folder?.remove();
});

describe('API key secrecy', () => {
  it('the run did the work', () => {
    const written = listFiles(folder.dir);
    expect(written.filter((file) => file.endsWith('.xlsx')).length).toBeGreaterThan(0);
    expect(written.filter((file) => file.endsWith('.pdf')).length).toBeGreaterThan(1);
    expect(written).toContain(path.join('app', 'data', 'credentials.json'));
    expect(written).toContain(path.join('app', 'data', 'settings.json'));
    expect(written).toContain(path.join('app', 'data', 'cache.sqlite'));
    expect(written).toContain(path.join('cli', 'cache.sqlite'));
    expect(written.filter((file) => file.startsWith(path.join('cli', 'reports')))).toHaveLength(6);
    expect(readFileSync(app.logFile, 'utf8')).toContain('Sync');
    const all = [...outputs.values()].join('\n');
    expect(all).toContain('"ok":true');
    expect(all).toContain('firewall');
    expect(all).toContain('[redacted]');
  });

  it('no file contains the key', () => {
    const files = listFiles(folder.dir);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const text = readable(path.join(folder.dir, file));
      for (const form of FORMS) expect(text.includes(form), `${file} contains ${form}`).toBe(false);
    }
  });

  it('no output contains the key', () => {
    for (const [source, text] of outputs) {
      for (const form of FORMS) expect(text.includes(form), `${source} contains ${form}`).toBe(false);
    }
  });

  it('modules never log the key', () => {
    const text = JSON.stringify(app.rawLog);
    for (const form of FORMS) expect(text.includes(JSON.stringify(form).slice(1, -1)), form).toBe(false);
  });

  it('UI sees only the last four', () => {
    const status = outputs.get([...outputs.keys()].find((key) => key.startsWith('getConnectionStatus'))!)!;
    expect(JSON.parse(status)).toMatchObject({ ok: true, value: { configured: true, keyLastFour: API_KEY.slice(-4), storage: 'encrypted' } });
  });
});

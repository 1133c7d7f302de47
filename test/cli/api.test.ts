import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, startNsightServer, TEST_API_KEY, type NsightTestServer } from '../support/nsight-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

interface CliRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs the command line in a child process, while the server keeps handling requests in this one. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      NODE,
      ['electron/cli/main.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'buffer', timeout: 30_000 },
      (error, stdout, stderr) => {
        let code = 0;
        if (error !== null) code = typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

let server: NsightTestServer;
let tmpDir: string;

beforeAll(async () => {
  server = await startNsightServer();
  tmpDir = await mkdtemp(path.join(os.tmpdir(), 'cli-api-'));
});

afterAll(async () => {
  await server.close();
  await rm(tmpDir, { recursive: true, force: true });
});

describe('api command', () => {
  it('prints clients with names intact', async () => {
    const run = await runCli(['api', 'list_clients', '--server', server.url], { NSIGHT_API_KEY: TEST_API_KEY });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const clients = JSON.parse(run.stdout.toString('utf8')) as { name: string; serverCount: number }[];
    expect(clients.map((client) => client.name)).toEqual(['Bäckerei Köhler GmbH', 'Smith & Partners Ltd', 'Harbour View Dental']);
    expect(clients[0]?.serverCount).toBe(2);
    expect(server.requests.at(-1)?.userAgent).toMatch(/^Mozilla\/5\.0/);
  });

  it('reads the key from a file', async () => {
    const keyFile = path.join(tmpDir, 'key.txt');
    await writeFile(keyFile, `${TEST_API_KEY}\n`);

    const run = await runCli(['api', 'list_mob_sessions', 'deviceid=1500301', '--server', server.url, '--api-key-file', keyFile]);

    expect(run.code).toBe(0);
    const sessions = JSON.parse(run.stdout.toString('utf8')) as { id: string; start: string; selectionSize: number }[];
    expect(sessions).toHaveLength(10);
    expect(sessions[0]).toMatchObject({ id: '900101', start: '2026-10-31T22:45:10.000Z', selectionSize: 132_579_334_528 });
  });

  it('prints the raw body as received', async () => {
    const run = await runCli(['api', 'list_sites', 'clientid=40211', '--server', server.url, '--raw'], { NSIGHT_API_KEY: TEST_API_KEY });

    expect(run.code).toBe(0);
    expect(run.stdout.equals(readFixture('list_sites.xml'))).toBe(true);
  });

  it('fails on a FAIL body in raw mode', async () => {
    const run = await runCli(['api', 'list_sites', '--server', server.url, '--raw'], { NSIGHT_API_KEY: TEST_API_KEY });

    expect(run.code).toBe(1);
    expect(run.stdout.toString('latin1')).toContain('<message>Missing parameter: clientid</message>');
    expect(run.stderr).toBe(`list_sites on ${new URL(server.url).host} did not return data (HTTP 200, fail).\n`);
  });

  it('reports a wrong key on stderr', async () => {
    const run = await runCli(['api', 'list_clients', '--server', server.url], { NSIGHT_API_KEY: 'wrong-secret-key-77' });

    expect(run.code).toBe(1);
    expect(run.stdout.toString('utf8')).toBe('');
    expect(run.stderr).toBe(
      `Error: N-sight rejected the API key on ${new URL(server.url).host} (list_clients: "Login failed"): check the API key and the region, because a key only works on the server of its dashboard's territory.\n`,
    );
    expect(run.stderr).not.toContain('wrong-secret-key-77');
  });

  it('requires a key', async () => {
    const run = await runCli(['api', 'list_clients', '--server', server.url]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Error: No API key: set the NSIGHT_API_KEY environment variable or pass --api-key-file FILE.\n');
  });

  it('has no option for the key itself', async () => {
    const run = await runCli(['api', 'list_clients', '--server', server.url, '--api-key=abc123']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Error: There is no option that takes the API key (--api-key): set NSIGHT_API_KEY or pass --api-key-file FILE.\n');
    expect(run.stderr).not.toContain('abc123');
  });

  it('fails at once on an unknown host', async () => {
    // Names under .invalid never resolve, so only the local resolver is asked.
    const run = await runCli(['api', 'list_clients', '--server', 'nsight-test.invalid', '--verbose'], { NSIGHT_API_KEY: TEST_API_KEY });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('list_clients on nsight-test.invalid failed: host not found: check the server name.');
    expect(run.stderr).not.toContain('Retrying');
    expect(run.stderr).not.toContain('gave up after');
    expect(run.stderr).not.toContain(TEST_API_KEY);
  });

  it('rejects plain http to a remote host', async () => {
    const run = await runCli(['api', 'list_clients', '--server', 'http://www.systemmonitor.us'], { NSIGHT_API_KEY: TEST_API_KEY });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('uses plain http: use https, because the API key travels in the URL.');
  });

  it('logs requests with the key hidden', async () => {
    const run = await runCli(['api', 'list_clients', '--server', server.url, '--verbose'], { NSIGHT_API_KEY: TEST_API_KEY });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`"url":"${server.url}/api/?apikey=***&service=list_clients"`);
    expect(run.stderr).not.toContain(TEST_API_KEY);
  });

  it('reports an unknown service', async () => {
    const run = await runCli(['api', 'list_backup_sessions', '--server', server.url], { NSIGHT_API_KEY: TEST_API_KEY });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Error: ${new URL(server.url).host} does not know the service "list_backup_sessions" ("Service unknown"). Check the service name.\n`);
  });
});

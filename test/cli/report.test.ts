import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../electron/cache/cache.ts';
import { runCli } from '../../electron/cli/run.ts';
import { DEMO_HOST } from '../../electron/demo/demo.ts';
import { reportFileName } from '../../electron/report/files.ts';
import { lastCompleteMonth, systemTimeZone } from '../../shared/report/time.ts';
import type { ReportModel } from '../../shared/report/types.ts';
import { captureIo } from '../sync/support.ts';

let folder: string;
let cacheFile: string;
let out: string;
let clients: { id: string; name: string }[];
let first: { id: string; name: string };
const month = lastCompleteMonth(new Date(), systemTimeZone());

/** Runs `report` on the demo cache and returns the exit code and captured output. */
async function report(...args: string[]) {
  const run = captureIo({});
  const code = await runCli(['report', '--cache', cacheFile, '--demo', ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'report-cli-'));
  cacheFile = join(folder, 'demo.sqlite');
  // The demo command fills a cache with the demo account; its own reports go elsewhere.
  const setup = captureIo({});
  const code = await runCli(['demo', '--out', join(folder, 'demo-out'), '--cache', cacheFile], setup.io);
  if (code !== 0) throw new Error(`demo setup failed: ${setup.stderr()}`);

  const cache = openCache(cacheFile);
  const account = cache.listAccounts(DEMO_HOST)[0];
  clients = account === undefined ? [] : cache.listClients(account.id).filter((c) => c.backupDeviceCount > 0).map((c) => ({ id: c.id, name: c.name }));
  cache.close();
  first = clients[0] as { id: string; name: string };
}, 120_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

beforeEach(async () => {
  out = await mkdtemp(join(folder, 'out-'));
});

describe('report command', () => {
  it('writes every format of a client', async () => {
    const result = await report('--month', month, '--client', first.name, '--format', 'xlsx,pdf,json', '--out', out);
    expect(result.stderr).toMatch(/^\[1\/1\] /);
    expect(result.code).toBe(0);
    const expected = ['xlsx', 'pdf', 'json'].map((ext) => join(out, reportFileName(first.name, month, ext)));
    expect(result.stdout).toBe(`Wrote 3 files for 1 of 1 client:\n${expected.map((file) => `  ${file}\n`).join('')}`);
    expect((await readdir(out)).sort()).toEqual(expected.map((file) => file.slice(out.length + 1)).sort());
  });

  it('writes rule sentences after the PDF', async () => {
    expect((await report('--month', month, '--client', first.id, '--format', 'pdf,json', '--out', out)).code).toBe(0);
    const model = JSON.parse(await readFile(join(out, reportFileName(first.name, month, 'json')), 'utf8')) as ReportModel;
    expect(model.rules.texts.length).toBeGreaterThan(3);
    expect(model.rules.texts.filter((text) => typeof text !== 'string')).toEqual([]);
  });

  it('writes the JSON model', async () => {
    expect((await report('--month', month, '--client', first.id, '--format', 'json', '--out', out, '--unit', 'MB', '--tz', 'Asia/Kolkata')).code).toBe(0);
    const model = JSON.parse(await readFile(join(out, reportFileName(first.name, month, 'json')), 'utf8')) as ReportModel;
    expect(model.client).toEqual({ id: first.id, name: first.name });
    expect(model.period.month).toBe(month);
    expect(model.period.timeZone).toBe('Asia/Kolkata');
    expect(model.rules.sizeUnit).toBe('MB');
  });

  it('writes every client with --all', async () => {
    const result = await report('--month', month, '--all', '--format', 'pdf', '--out', out);
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(clients.map((client) => reportFileName(client.name, month, 'pdf')).sort());
    const progress = result.stderr.split('\n').filter((line) => /^\[\d+\/\d+\] /.test(line));
    expect(progress).toHaveLength(clients.length);
    expect(result.stdout).toContain(`Wrote ${clients.length} files for ${clients.length} of ${clients.length} clients:`);
  });

  it('keeps existing files', async () => {
    const pdf = join(out, reportFileName(first.name, month, 'pdf'));
    await writeFile(pdf, 'earlier');
    const result = await report('--month', month, '--client', first.id, '--format', 'pdf', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${pdf} already exists`);
    expect(result.stderr).toContain('Pass --overwrite to replace existing report files.');
    expect(await readFile(pdf, 'utf8')).toBe('earlier');
  });

  it('overwrites when asked', async () => {
    const pdf = join(out, reportFileName(first.name, month, 'pdf'));
    await writeFile(pdf, 'earlier');
    expect((await report('--month', month, '--client', first.id, '--format', 'pdf', '--out', out, '--overwrite')).code).toBe(0);
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('report command errors', () => {
  it('rejects an unknown client', async () => {
    const result = await report('--month', month, '--client', 'No Such Client', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown client "No Such Client"');
  });

  it('rejects an invalid month', async () => {
    const result = await report('--month', '2026-13', '--all', '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid month "2026-13"');
  });

  it('requires a month', async () => {
    const result = await report('--all', '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --month YYYY-MM.');
  });

  it('rejects an invalid zone', async () => {
    const result = await report('--month', month, '--all', '--tz', 'Mars/Olympus', '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid time zone "Mars/Olympus"');
  });

  it('rejects an invalid format', async () => {
    const result = await report('--month', month, '--all', '--format', 'xlsx,docx', '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --format "xlsx,docx"');
  });

  it('rejects --all with --client', async () => {
    const result = await report('--month', month, '--all', '--client', first.id, '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Choose either --all or one or more --client values.');
  });

  it('rejects a missing output folder', async () => {
    const missing = join(out, 'missing');
    const result = await report('--month', month, '--all', '--out', missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot write reports to ${missing}: the folder does not exist.`);
  });

  it('rejects a file as output folder', async () => {
    const file = join(out, 'file.txt');
    await writeFile(file, '');
    const result = await report('--month', month, '--all', '--out', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('it is not a folder');
  });

  it('reports a month without data', async () => {
    const result = await report('--month', '2001-01', '--client', first.id, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Wrote no files for 1 client.\n');
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('Error:'));
    expect(errors).toEqual([
      `Error: ${first.name} (${first.id}): No report: the client has no sessions in 2001-01 in the cache. Run the sync command for this client, or choose a month with data.`,
    ]);
    expect(await readdir(out)).toEqual([]);
  });

  it('reports a month not started', async () => {
    const result = await report('--month', '2099-01', '--client', first.id, '--tz', 'UTC', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: ${first.name} (${first.id}): No report: 2099-01 has not started yet in UTC. Choose a month that has started.`);
    expect(result.stderr).not.toContain('sync');
  });

  it('exits 1 when no client has data', async () => {
    const result = await report('--month', '2001-01', '--all', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`Wrote no files for ${clients.length} clients.\n`);
  });

  it('documents the exit codes', async () => {
    const result = await report('--help');
    expect(result.stdout).toContain('1 no report written');
    expect(result.stdout).toContain('2 invalid arguments');
    expect(result.stdout).toContain('3 some reports written');
  });

  it.each([
    ['missing', null, 'was not found'],
    ['not an image', 'GIF89a', 'is not a PNG or JPEG image'],
  ])('rejects a logo file %s before writing', async (_label, content, problem) => {
    const logo = join(folder, 'logo.png');
    await rm(logo, { force: true });
    if (content !== null) await writeFile(logo, content);
    const result = await report('--month', month, '--client', first.id, '--format', 'xlsx,pdf', '--out', out, '--logo', logo);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--logo ${logo} ${problem}: choose a PNG or JPEG file.`);
    expect(result.stderr).not.toContain('report settings');
    expect(await readdir(out)).toEqual([]);
  });

  it('exits 3 when some clients fail', async () => {
    const second = clients[1] as { id: string; name: string };
    await mkdir(out, { recursive: true });
    await writeFile(join(out, reportFileName(second.name, month, 'pdf')), 'earlier');
    const result = await report('--month', month, '--all', '--format', 'pdf', '--out', out);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`Wrote ${clients.length - 1} files for ${clients.length - 1} of ${clients.length} clients:`);
  });
});

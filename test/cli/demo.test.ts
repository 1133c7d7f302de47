import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../electron/cache/cache.ts';
import { runCli } from '../../electron/cli/run.ts';
import { DEMO_HOST } from '../../electron/demo/demo.ts';
import { reportFileName } from '../../electron/report/files.ts';
import { lastCompleteMonth, systemTimeZone } from '../../shared/report/time.ts';
import { captureIo } from '../sync/support.ts';

let folder: string;
let out: string;
let cacheFile: string;
let code: number;
let run: ReturnType<typeof captureIo>;
let clientNames: string[];
const month = lastCompleteMonth(new Date(), systemTimeZone());

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'demo-cli-'));
  out = join(folder, 'out');
  // Without --cache the demo cache goes to the user data folder, which XDG_DATA_HOME moves here.
  cacheFile = join(folder, 'N-sight Backup Reports', 'demo-cache.sqlite');
  run = captureIo({ XDG_DATA_HOME: folder });
  code = await runCli(['demo', '--out', out], run.io);

  const cache = openCache(cacheFile);
  const account = cache.listAccounts(DEMO_HOST)[0];
  clientNames = account === undefined ? [] : cache.listClients(account.id).filter((c) => c.backupDeviceCount > 0).map((c) => c.name);
  cache.close();
}, 120_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('demo command', () => {
  it('exits 0', () => {
    expect(run.stderr()).not.toContain('Error');
    expect(code).toBe(0);
  });

  it('syncs several demo clients', () => {
    expect(clientNames.length).toBeGreaterThanOrEqual(5);
  });

  it('writes a PDF and Excel file per client', async () => {
    const files = (await readdir(out)).sort();
    const expected = clientNames.flatMap((name) => [reportFileName(name, month, 'pdf'), reportFileName(name, month, 'xlsx')]).sort();
    expect(files).toEqual(expected);
    for (const file of files) expect((await stat(join(out, file))).size).toBeGreaterThan(5_000);
  });

  it('prints one line per client', () => {
    const stdout = run.stdout();
    expect(stdout).toContain(`Demo reports for ${month} in ${out}:`);
    for (const name of clientNames) expect(stdout).toMatch(new RegExp(`^  ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ devices`, 'm'));
  });

  it('names clients without backup devices', () => {
    expect(run.stdout()).toContain('  Café Lumière SARL: no devices with Backup & Recovery, so no report\n');
  });

  it('writes readable workbooks', async () => {
    const first = clientNames[0] as string;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, reportFileName(first, month, 'xlsx')));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Devices', 'Daily', 'Sessions']);
    expect(workbook.creator).toBe('Demo MSP');
  });

  it('is read by the --demo option', async () => {
    for (const command of ['clients', 'status']) {
      const read = captureIo({ XDG_DATA_HOME: folder, NSIGHT_CACHE: join(folder, 'cache.sqlite') });
      expect(await runCli([command, '--demo'], read.io), command).toBe(0);
      for (const name of clientNames) expect(read.stdout(), command).toContain(name);
    }
  });

  it('is read by report --demo', async () => {
    const reportOut = join(folder, 'report-out');
    const read = captureIo({ XDG_DATA_HOME: folder, NSIGHT_CACHE: join(folder, 'cache.sqlite') });
    const args = ['report', '--demo', '--all', '--month', month, '--format', 'json', '--out', reportOut];

    await mkdir(reportOut);
    expect(await runCli(args, read.io), read.stderr()).toBe(0);
    expect((await readdir(reportOut)).sort()).toEqual(clientNames.map((name) => reportFileName(name, month, 'json')).sort());
  });

  it('replaces earlier demo reports', async () => {
    const again = captureIo({});
    expect(await runCli(['demo', '--out', out, '--cache', cacheFile, '--month', month], again.io)).toBe(0);
    expect((await readdir(out)).length).toBe(clientNames.length * 2);
  }, 120_000);

  it('rejects an invalid month', async () => {
    const bad = captureIo({});
    expect(await runCli(['demo', '--out', out, '--cache', cacheFile, '--month', '2026-13'], bad.io)).toBe(2);
    expect(bad.stderr()).toContain('Invalid month "2026-13"');
  });
});

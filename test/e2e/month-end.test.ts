// The technician's month-end job on the demo account, in Chromium against the web harness:
// connect, open a client, select devices, sync, filter sessions, preview and export the
// report, then export every client, checking the files on disk.

import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NsightBridge, SyncProgress } from '../../shared/contract.ts';
import { formatCount, formatPercent } from '../../shared/report/format.ts';
import { lastCompleteMonth } from '../../shared/report/time.ts';
import type { ReportModel } from '../../shared/report/types.ts';
import { chromiumForTests } from '../support/chromium.ts';
import { buildRendererForTests, openApp, screenshot, type AppUnderTest } from './support.ts';

const run = promisify(execFile);
const chromiumPath = chromiumForTests();
const CLIENT = 'Harbour View Dental';
const CLIENT_ZONE = 'America/New_York';

declare global {
  interface Window {
    nsight?: NsightBridge;
    recordedProgress?: SyncProgress[];
    progressBarSeen?: boolean;
  }
}

/** Records sync progress events and whether a progress bar with a total was drawn, from now on. */
async function recordSyncProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.recordedProgress = [];
    window.progressBarSeen = false;
    window.nsight!.onSyncProgress((progress) => window.recordedProgress!.push(progress));
    const observer = new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      if (bar && Number(bar.getAttribute('aria-valuemax')) > 0) window.progressBarSeen = true;
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

async function figure(page: Page, label: string): Promise<string> {
  const item = page.getByLabel('Client figures').locator('.figure').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
  return (await item.locator('dd').textContent()) ?? '';
}

/** Reads the total out of "1,234 sessions · times in ...". */
function sessionTotal(text: string): number {
  const match = /^([\d,]+) sessions/.exec(text);
  if (!match) throw new Error(`No session total in "${text}"`);
  return Number(match[1]!.replace(/,/g, ''));
}

/** Returns the text of the Devices cell in the client list's row for `client`. */
async function devicesCell(page: Page, client: string): Promise<string> {
  const row = page.getByRole('grid', { name: 'Clients' }).getByRole('row').filter({ has: page.getByRole('gridcell', { name: client, exact: true }) });
  return (await row.getByRole('gridcell').nth(1).textContent()) ?? '';
}

function sizeValue(text: string): number {
  return Number(text.replace(/,/g, ''));
}

describe.skipIf(chromiumPath === null)('month-end job on the demo account', () => {
  let build: Awaited<ReturnType<typeof buildRendererForTests>>;
  let app: AppUnderTest;
  let page: Page;
  const month = lastCompleteMonth(new Date(), CLIENT_ZONE);

  beforeAll(async () => {
    build = await buildRendererForTests();
    app = await openApp(chromiumPath!, build.dir);
    page = app.page;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await build?.remove();
  });

  it('first run masks the key', async () => {
    await page.getByRole('heading', { name: 'Connect to N-sight' }).waitFor();
    const key = page.getByLabel('API key');
    await key.fill('secret-key-1234');
    expect(await key.getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await key.getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Hide' }).click();
    expect(await key.getAttribute('type')).toBe('password');
    await key.fill('');
    await screenshot(page, '01-first-run');
  });

  it('demo account lists its clients', async () => {
    await page.getByRole('button', { name: 'Try the demo account' }).click();
    await page.getByTestId('connection-state').filter({ hasText: 'Demo account' }).waitFor();
    await page.getByRole('button', { name: 'Sync client list now' }).click();
    await page.getByTestId('sync-summary').filter({ hasText: 'the client list is up to date' }).waitFor();
    await screenshot(page, '02-sync-client-list');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByTestId('client-count').filter({ hasText: '7 of 7 clients' }).waitFor();
    // Before its devices are synced, a client shows N-sight's count, marked as such.
    expect(await devicesCell(page, CLIENT)).toBe('10 in N-sight');
    await screenshot(page, '03-clients');

    await page.getByLabel('Search clients').fill('dental');
    await page.getByTestId('client-count').filter({ hasText: '1 of 7 clients' }).waitFor();
    const rows = page.getByRole('grid', { name: 'Clients' }).getByRole('row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).getByRole('gridcell').first().textContent()).toBe(CLIENT);
  });

  it('client sync shows progress', async () => {
    await page.getByRole('gridcell', { name: CLIENT }).click();
    await page.getByRole('heading', { name: CLIENT }).waitFor();
    await recordSyncProgress(page);
    await page.getByRole('button', { name: 'Sync this client now' }).click();
    await page.getByTestId('sync-summary').waitFor();

    const progress = (await page.evaluate(() => window.recordedProgress)) ?? [];
    const sessions = progress.filter((item) => item.phase === 'sessions');
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.at(-1)!.done).toBe(sessions.at(-1)!.total);
    expect(await page.evaluate(() => window.progressBarSeen)).toBe(true);

    await page.getByTestId('device-count').filter({ hasText: '8 of 8 devices' }).waitFor();
    const summary = await page.getByTestId('sync-summary').textContent();
    expect(summary).toContain(`${sessions.at(-1)!.total} devices synced`);

    // The client list now counts the cached devices, as the devices tab does.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByTestId('client-count').filter({ hasText: / of 7 clients$/ }).waitFor();
    expect(await devicesCell(page, CLIENT)).toBe('8');
    await page.getByRole('gridcell', { name: CLIENT }).click();
    await page.getByTestId('device-count').filter({ hasText: '8 of 8 devices' }).waitFor();
  });

  it('selects devices by site and singly', async () => {
    await page.getByLabel('Bayside Office (2)').check();
    await page.getByTestId('device-count').filter({ hasText: '2 selected' }).waitFor();

    await page.getByRole('button', { name: /^Select all with Backup & Recovery \(6\)$/ }).click();
    await page.getByTestId('device-count').filter({ hasText: '6 selected' }).waitFor();
    await page.getByLabel('Select FRONTDESK-2').uncheck();
    await page.getByTestId('device-count').filter({ hasText: '5 selected' }).waitFor();
    expect(await page.getByRole('row', { selected: true }).count()).toBe(5);
    await screenshot(page, '04-client-devices');
  });

  it('syncs the selected devices', async () => {
    await recordSyncProgress(page);
    await page.getByRole('button', { name: 'Sync selected devices (5)' }).click();
    await page.getByTestId('sync-summary').filter({ hasText: '5 devices synced' }).waitFor();

    const progress = (await page.evaluate(() => window.recordedProgress)) ?? [];
    const last = progress.filter((item) => item.phase === 'sessions').at(-1);
    expect(last?.total).toBe(5);
    expect(last?.done).toBe(5);
  });

  it('filters, sorts and converts sessions', async () => {
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    expect(await page.getByLabel(/Only the 5 selected devices/).isChecked()).toBe(true);
    const count = page.getByTestId('session-count');
    await count.filter({ hasText: /^[\d,]+ sessions/ }).waitFor();
    const allSessions = sessionTotal((await count.textContent())!);
    await screenshot(page, '05-sessions');

    await page.getByLabel('Status').selectOption('FAILED');
    // Wait for the new total, not for the "Loading…" text shown while the filter applies.
    await count.filter({ hasText: /^[\d,]+ sessions/ }).filter({ hasNotText: `${formatCount(allSessions)} sessions` }).waitFor();
    const failed = sessionTotal((await count.textContent())!);
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(allSessions);

    const grid = page.getByRole('grid', { name: 'Sessions' });
    const statusCells = grid.getByRole('row').locator('[role="gridcell"]:nth-child(5)');
    await statusCells.first().filter({ hasText: 'FAILED' }).waitFor();
    for (const text of await statusCells.allTextContents()) expect(text).toBe('FAILED');

    await grid.getByRole('button', { name: /^Start/ }).click();
    await grid.getByRole('columnheader', { name: /Start/ }).and(page.locator('[aria-sort="ascending"]')).waitFor();
    // The rows reload after the header changes, so wait for the sorted rows rather than read once.
    const startCells = grid.getByRole('row').locator('[role="gridcell"]:nth-child(6)');
    await expect.poll(async () => (await startCells.allTextContents()).length).toBeGreaterThan(1);
    await expect.poll(async () => {
      const starts = await startCells.allTextContents();
      return [...starts].sort().join('\n') === starts.join('\n');
    }).toBe(true);

    const selectionCell = grid.getByRole('row').nth(1).locator('[role="gridcell"]:nth-child(9)');
    await page.getByLabel('Status').selectOption('COMPLETED');
    await grid.getByRole('row').nth(1).locator('[role="gridcell"]:nth-child(5)').filter({ hasText: 'COMPLETED' }).waitFor();
    const inGb = sizeValue((await selectionCell.textContent())!);
    await page.getByRole('radio', { name: 'MB' }).check();
    await grid.getByRole('columnheader', { name: 'Selection (MB)' }).waitFor();
    const inMb = sizeValue((await selectionCell.textContent())!);
    expect(Math.abs(inMb - inGb * 1024)).toBeLessThanOrEqual(0.005 * 1024 + 0.005);
  });

  it('previews the last complete month', async () => {
    await page.getByRole('link', { name: 'Report', exact: true }).click();
    await page.getByTestId('report-preview').waitFor();
    expect(await page.getByLabel('Month').inputValue()).toBe(month);
    expect(await page.getByLabel('Time zone').inputValue()).toBe(CLIENT_ZONE);
    expect(await figure(page, 'Devices')).toBe('6');
    expect(await page.getByRole('region', { name: 'Daily status grid' }).locator('tbody tr').count()).toBe(6);
    await screenshot(page, '06-report-preview');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '06-report-preview-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('excludes a device with a reason', async () => {
    await page.getByText('Excluded devices (0)').click();
    await page.getByRole('combobox', { name: /^Device/ }).selectOption({ label: 'BAY-FRONT (Bayside Office)' });
    await page.getByLabel('Reason').fill('Replaced in November');
    await page.getByRole('button', { name: 'Exclude from the report' }).click();
    await page.getByLabel('Client figures').locator('.figure').first().filter({ hasText: /^Devices5$/ }).waitFor();
    expect(await page.getByTestId('report-preview').getByText('BAY-FRONT (Bayside Office): Replaced in November').count()).toBe(1);

    await page.getByRole('button', { name: 'Include again' }).click();
    await page.getByLabel('Client figures').locator('.figure').first().filter({ hasText: /^Devices6$/ }).waitFor();
    expect(await page.getByText('Excluded devices (0)').count()).toBe(1);
  });

  it('exports Excel, PDF and JSON', async () => {
    await page.getByRole('checkbox', { name: 'JSON' }).check();
    await page.getByRole('button', { name: 'Export report' }).click();
    await page.getByTestId('export-result').filter({ hasText: 'Wrote 3 files' }).waitFor();
    await screenshot(page, '07-report-exported');

    const base = `${CLIENT} - Backup report - ${month}`;
    const files = await readdir(app.harness.exportDir);
    expect(files.sort()).toEqual([`${base}.json`, `${base}.pdf`, `${base}.xlsx`]);

    const model = JSON.parse(await readFile(path.join(app.harness.exportDir, `${base}.json`), 'utf8')) as ReportModel;
    expect(model.period.month).toBe(month);
    expect(model.period.timeZone).toBe(CLIENT_ZONE);
    expect(await figure(page, 'Backup sessions')).toBe(formatCount(model.totals.backupSessions));
    expect(await figure(page, 'Success rate')).toBe(formatPercent(model.totals.successRate));
    expect(await figure(page, 'Devices at risk')).toBe(formatCount(model.totals.devicesAtRisk));
    expect(await page.getByRole('list', { name: 'Needs attention' }).getByRole('listitem').count()).toBe(model.needsAttention.length);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(app.harness.exportDir, `${base}.xlsx`));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Devices', 'Daily', 'Sessions']);
    expect(workbook.getWorksheet('Devices')!.actualRowCount - 1).toBe(model.devices.length);

    const pdf = path.join(app.harness.exportDir, `${base}.pdf`);
    expect((await readFile(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
    expect(stdout).toContain(CLIENT);
    expect(stdout).toMatch(/Page 1 of \d+/);

    await page.getByRole('button', { name: `Show ${base}.pdf in folder` }).click();
    await expect.poll(() => app.harness.revealed).toEqual([pdf]);
  });

  it('batch-exports every client', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('button', { name: 'Sync every client' }).click();
    await page.getByTestId('sync-summary').filter({ hasText: /devices synced/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batch export' }).click();
    // Café Lumière has no device with Backup & Recovery, so it gets no report.
    await page.getByText('1 client has no device with Backup & Recovery in the cache and is skipped.').waitFor();
    expect(await page.getByLabel('Month').inputValue()).toBe(lastCompleteMonth(new Date(), await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)));
    await page.getByLabel('Month').fill(month);
    await page.getByRole('button', { name: 'Export every client' }).click();

    // The client exported above already has its files, so the first run keeps them and reports a failure for it.
    const result = page.getByTestId('export-result');
    await result.filter({ hasText: 'Wrote 10 files; 1 failed; skipped 1 client.' }).waitFor();
    expect(await page.getByRole('list', { name: 'Export failures' }).textContent()).toContain(CLIENT);
    await screenshot(page, '08-batch-export-conflict');

    await page.getByRole('button', { name: 'Replace the existing files' }).click();
    await result.filter({ hasText: 'Wrote 12 files; skipped 1 client.' }).waitFor();
    expect(await page.getByRole('list', { name: 'Skipped clients' }).textContent()).toBe(
      'Café Lumière SARL: skipped, no device has Backup & Recovery in the cache, so there is nothing to report.',
    );
    await screenshot(page, '09-batch-export');

    // Six clients with Backup & Recovery, two formats each; none for Café Lumière.
    const files = (await readdir(app.harness.exportDir)).filter((file) => file.endsWith('.xlsx') || file.endsWith('.pdf'));
    expect(files).toHaveLength(12);
    expect(files.some((file) => file.startsWith('Café'))).toBe(false);
    for (const file of files) expect(file).toContain(`- Backup report - ${month}.`);
    expect(app.pageErrors).toEqual([]);
  });

  it('settings screen saves a change', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('MSP name').fill('Northwind IT');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    const saved = await page.evaluate(() => window.nsight!.getSettings());
    expect(saved.ok).toBe(true);
    if (saved.ok) expect(saved.value.mspName).toBe('Northwind IT');
    await screenshot(page, '10-settings');
  });

  it('connection screen names the demo', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connection' }).click();
    await page.getByTestId('current-connection').filter({ hasText: 'Using the demo account.' }).waitFor();
    await screenshot(page, '16-connection');
  });
});

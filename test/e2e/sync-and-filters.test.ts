// Syncs in Chromium against the local N-sight server: a device whose session request fails,
// synced again once the request succeeds; a slow sync cancelled halfway; and the plugin, type
// and date filters of the sessions table on the fixture account.

import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { TransportResponse } from '../../electron/api/transport.ts';
import { chromiumForTests } from '../support/chromium.ts';
import { createFixtureHandler, failBody, startNsightServer, TEST_API_KEY, type NsightHandler, type NsightTestServer } from '../support/nsight-server.ts';
import { buildRendererForTests, openApp, screenshot, type AppUnderTest } from './support.ts';

const chromiumPath = chromiumForTests();

/** The fixture account's client with devices; its time zone is Europe/Berlin. */
const CLIENT = 'Bäckerei Köhler GmbH';

/** The client's devices with Backup & Recovery, and how many sessions the fixture account returns for each. */
const BACKUP_DEVICES = [
  { id: '1500301', name: 'SRV-FILE01', sessions: 10 },
  { id: '1500302', name: 'SRV-SQL01', sessions: 1 },
  { id: '1500410', name: 'KASSE-01', sessions: 0 },
  { id: '1500412', name: 'LAGER-PC', sessions: 1 },
];

const FAILING_DEVICE = BACKUP_DEVICES[1]!;
const FAIL_MESSAGE = 'Backup data for this device is temporarily unavailable';

function xmlResponse(body: Uint8Array): TransportResponse {
  return { status: 200, headers: { 'content-type': 'text/xml; charset=ISO-8859-1' }, body };
}

/** Syncs the client list, opens the fixture client and syncs it, from a fresh app. */
async function syncFixtureClient(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sync client list now' }).click();
  await page.getByTestId('sync-summary').filter({ hasText: 'the client list is up to date' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await page.getByRole('gridcell', { name: CLIENT, exact: true }).click();
  await page.getByRole('heading', { name: CLIENT }).waitFor();
  await page.getByRole('button', { name: 'Sync this client now' }).click();
}

/** Returns the text of the Sync cell in the devices table's row for `device`. */
async function deviceSyncCell(page: Page, device: string): Promise<string> {
  const row = page.getByRole('grid', { name: 'Devices' }).getByRole('row').filter({ has: page.getByRole('gridcell', { name: device, exact: true }) });
  return (await row.locator('[role="gridcell"]:nth-child(8)').textContent()) ?? '';
}

function sessionRequests(nsight: NsightTestServer): string[] {
  return nsight.requests.filter((request) => request.service === 'list_mob_sessions').map((request) => request.params.deviceid ?? '');
}

describe.skipIf(chromiumPath === null)('sync and session filters in the browser', () => {
  let build: Awaited<ReturnType<typeof buildRendererForTests>>;
  let nsight: NsightTestServer | undefined;
  let app: AppUnderTest | undefined;

  beforeAll(async () => {
    build = await buildRendererForTests();
  }, 120_000);

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await nsight?.close();
    nsight = undefined;
  });

  afterAll(async () => {
    await build?.remove();
  });

  it('sync lists a failed device', async () => {
    // The session request of one device returns a FAIL body without an error code, until the
    // test clears it.
    const fixture = createFixtureHandler(TEST_API_KEY);
    let failing: string | null = FAILING_DEVICE.id;
    const handler: NsightHandler = (url) => {
      const query = url.searchParams;
      if (query.get('service') === 'list_mob_sessions' && query.get('deviceid') === failing) {
        return xmlResponse(failBody(null, FAIL_MESSAGE));
      }
      return fixture(url);
    };
    nsight = await startNsightServer({ handler });
    app = await openApp(chromiumPath!, build.dir, { account: { server: nsight.url, apiKey: TEST_API_KEY } });
    const { page } = app;
    const host = new URL(nsight.url).host;

    await syncFixtureClient(page);
    const summary = page.getByTestId('sync-summary');
    await summary.filter({ hasText: 'failed' }).waitFor();

    // 10 + 0 + 1 sessions from the three devices whose requests succeeded.
    expect(await summary.getByRole('status').textContent()).toBe('Sync finished: 3 devices synced, 0 skipped as fresh, 11 new sessions, 1 failed.');
    const failures = page.getByRole('list', { name: 'Sync failures' }).getByRole('listitem');
    expect(await failures.count()).toBe(1);
    expect(await failures.first().textContent()).toBe(
      `${FAILING_DEVICE.name}: N-sight had an internal error: try again later. ` +
        `(list_mob_sessions on ${host} failed without an error code: "${FAIL_MESSAGE}".)`,
    );
    expect(await failures.first().locator('strong').textContent()).toBe(FAILING_DEVICE.name);
    await page.getByTestId('device-count').filter({ hasText: '5 of 5 devices' }).waitFor();
    expect(await deviceSyncCell(page, FAILING_DEVICE.name)).toBe('failed N-sight had an internal error: try again later.');
    expect(await deviceSyncCell(page, 'SRV-FILE01')).toBe('just now');
    await screenshot(page, '18-sync-failed-device');

    // Once the device's request succeeds again, "Retry" syncs only the device that failed.
    failing = null;
    const requestsBefore = sessionRequests(nsight).length;
    await page.getByRole('button', { name: 'Retry the failed ones' }).click();
    await summary.filter({ hasText: 'Sync finished: 1 device synced' }).waitFor();

    expect(await summary.getByRole('status').textContent()).toBe('Sync finished: 1 device synced, 0 skipped as fresh, 1 new session.');
    expect(await page.getByRole('list', { name: 'Sync failures' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Retry the failed ones' }).count()).toBe(0);
    expect(sessionRequests(nsight).slice(requestsBefore)).toEqual([FAILING_DEVICE.id]);
    await expect.poll(() => deviceSyncCell(page, FAILING_DEVICE.name)).toBe('just now');
    await screenshot(page, '18b-sync-failure-cleared');
    expect(app.pageErrors).toEqual([]);
  });

  it('sync shows time left and cancels', async () => {
    // Every response is delayed, and session requests after the second one never get a
    // response, so the sync is still running when Cancel is pressed.
    const fixture = createFixtureHandler(TEST_API_KEY);
    let sessionCalls = 0;
    const handler: NsightHandler = (url) => {
      if (url.searchParams.get('service') === 'list_mob_sessions') {
        sessionCalls++;
        if (sessionCalls > 2) return new Promise<TransportResponse>(() => {});
      }
      return fixture(url);
    };
    nsight = await startNsightServer({ handler, latencyMs: 150 });
    app = await openApp(chromiumPath!, build.dir, { account: { server: nsight.url, apiKey: TEST_API_KEY } });
    const { page } = app;

    await syncFixtureClient(page);
    const running = page.getByTestId('sync-running');
    const bar = running.getByRole('progressbar', { name: 'Backup sessions' });
    await bar.and(page.locator('[aria-valuenow="2"]')).waitFor();

    expect(await bar.getAttribute('aria-valuemax')).toBe(String(BACKUP_DEVICES.length));
    const progressText = running.locator('.progress-text span');
    expect(await progressText.allTextContents()).toEqual([`Backup sessions: 2 of ${BACKUP_DEVICES.length}`, 'less than a minute left']);
    // The device lists are cached before the sessions phase, so the table shows them meanwhile.
    await page.getByTestId('device-count').filter({ hasText: '5 of 5 devices' }).waitFor();
    await screenshot(page, '19-sync-time-left');

    await running.getByRole('button', { name: 'Cancel sync' }).click();
    const summary = page.getByTestId('sync-summary');
    await summary.waitFor();

    // The first two devices requested are saved, and the others were never synced.
    const synced = sessionRequests(nsight).slice(0, 2);
    const sessions = BACKUP_DEVICES.filter((device) => synced.includes(device.id)).reduce((sum, device) => sum + device.sessions, 0);
    expect(await summary.getByRole('status').textContent()).toBe(`Sync cancelled: 2 devices synced, 0 skipped as fresh, ${sessions} new session${sessions === 1 ? '' : 's'}.`);
    expect(await summary.locator('.banner.info').count()).toBe(1);
    expect(await page.getByTestId('sync-running').count()).toBe(0);
    expect(sessionRequests(nsight)).toHaveLength(3);

    // The devices table marks the two saved devices as synced and the others as never synced.
    await page.getByTestId('device-count').filter({ hasText: '5 of 5 devices' }).waitFor();
    for (const device of BACKUP_DEVICES) {
      expect(await deviceSyncCell(page, device.name), device.name).toBe(synced.includes(device.id) ? 'just now' : 'never synced');
    }
    await screenshot(page, '19b-sync-cancelled');
    expect(app.pageErrors).toEqual([]);
  });

  it('session filters narrow the rows', async () => {
    nsight = await startNsightServer();
    app = await openApp(chromiumPath!, build.dir, { account: { server: nsight.url, apiKey: TEST_API_KEY } });
    const { page } = app;

    await syncFixtureClient(page);
    await page.getByTestId('sync-summary').filter({ hasText: 'Sync finished: 4 devices synced' }).waitFor();
    await page.getByRole('navigation', { name: 'Client views' }).getByRole('link', { name: 'Sessions' }).click();

    const count = page.getByTestId('session-count');
    const grid = page.getByRole('grid', { name: 'Sessions' });
    const column = (index: number) => grid.getByRole('row').locator(`[role="gridcell"]:nth-child(${index})`);
    const devices = column(1);
    const plugins = column(3);
    const types = column(4);
    const starts = column(6);
    await count.filter({ hasText: '12 sessions · times in Europe/Berlin' }).waitFor();
    await expect.poll(() => starts.count()).toBe(12);

    // Plugin: six FILE_SYSTEM sessions, all on SRV-FILE01.
    const plugin = page.getByLabel('Plugin');
    expect(await plugin.locator('option').allTextContents()).toEqual(['All', 'FILE_SYSTEM', 'HYPER_V', 'MSSQL', 'MYSQL', 'SYSTEM_STATE']);
    await plugin.selectOption('FILE_SYSTEM');
    await count.filter({ hasText: /^6 sessions/ }).waitFor();
    await expect.poll(() => plugins.allTextContents()).toEqual(Array(6).fill('FILE_SYSTEM'));
    expect(await devices.allTextContents()).toEqual(Array(6).fill('SRV-FILE01'));
    await screenshot(page, '20-sessions-plugin-filter');
    await plugin.selectOption('');
    await count.filter({ hasText: /^12 sessions/ }).waitFor();

    // Type: two RESTORE sessions, the newest first.
    const type = page.getByLabel('Type');
    expect(await type.locator('option').allTextContents()).toEqual(['All', 'BACKUP', 'RESTORE']);
    await type.selectOption('RESTORE');
    await count.filter({ hasText: /^2 sessions/ }).waitFor();
    await expect.poll(() => types.allTextContents()).toEqual(['RESTORE', 'RESTORE']);
    expect(await devices.allTextContents()).toEqual(['LAGER-PC', 'SRV-FILE01']);
    expect(await plugins.allTextContents()).toEqual(['MYSQL', 'FILE_SYSTEM']);
    await screenshot(page, '20b-sessions-type-filter');
    await type.selectOption('');
    await count.filter({ hasText: /^12 sessions/ }).waitFor();

    // Dates are local days in Europe/Berlin (UTC+1 in November): the session that started at
    // 23:30 UTC on 31 October belongs to 1 November, the one at 22:45 UTC does not.
    const from = page.getByLabel('From');
    const to = page.getByLabel('To', { exact: true });
    await from.fill('2026-11-01');
    await to.fill('2026-11-02');
    await count.filter({ hasText: /^4 sessions/ }).waitFor();
    await expect.poll(() => starts.allTextContents()).toEqual(['2026-11-02 23:45', '2026-11-02 00:30', '2026-11-01 23:45', '2026-11-01 00:30']);
    expect(await plugins.allTextContents()).toEqual(['FILE_SYSTEM', 'SYSTEM_STATE', 'FILE_SYSTEM', 'SYSTEM_STATE']);
    await screenshot(page, '20c-sessions-date-filter');

    // An open end: from 15 November on, including the two that start in the first hour of December.
    await to.fill('');
    await from.fill('2026-11-15');
    await count.filter({ hasText: /^3 sessions/ }).waitFor();
    await expect.poll(() => starts.allTextContents()).toEqual(['2026-12-01 00:59', '2026-12-01 00:10', '2026-11-15 03:00']);
    expect(await devices.allTextContents()).toEqual(['LAGER-PC', 'SRV-FILE01', 'SRV-SQL01']);
    expect(app.pageErrors).toEqual([]);
  });
});

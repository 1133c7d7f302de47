// First run against a local N-sight server (a wrong key, then the right one), and the app
// going offline with cached data, in Chromium against the web harness.

import { createServer, type AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { chromiumForTests } from '../support/chromium.ts';
import { startNsightServer, TEST_API_KEY, type NsightTestServer } from '../support/nsight-server.ts';
import { buildRendererForTests, openApp, screenshot, type AppUnderTest } from './support.ts';

const chromiumPath = chromiumForTests();
const WRONG_KEY = 'wrong-key-9876543210fedcba';

describe.skipIf(chromiumPath === null)('connection in the browser', () => {
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

  it('first run rejects a wrong key', async () => {
    nsight = await startNsightServer();
    app = await openApp(chromiumPath!, build.dir);
    const { page } = app;

    await page.getByRole('heading', { name: 'Connect to N-sight' }).waitFor();
    await page.getByLabel('Territory').selectOption({ label: 'Custom host…' });
    await page.getByLabel('Host or URL').fill(nsight.url);
    await page.getByLabel('API key').fill(WRONG_KEY);
    await page.getByRole('button', { name: 'Test connection' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('auth-failed');
    expect(await alert.textContent()).toContain('N-sight rejected the API key: check the key and that the territory matches your dashboard.');
    expect(nsight.requests.map((request) => request.service)).toContain('list_clients');
    expect(nsight.requests.every((request) => !request.apiKeyMatched)).toBe(true);
    expect(await page.locator('body').textContent()).not.toContain(WRONG_KEY);
    await screenshot(page, '11-first-run-wrong-key');

    await page.getByLabel('API key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').filter({ hasText: `Connected to ${new URL(nsight.url).host}` }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    expect(app.pageErrors).toEqual([]);
  });

  it('first run names a host that does not answer', async () => {
    // A port that was free a moment ago: the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    app = await openApp(chromiumPath!, build.dir);
    const { page } = app;

    await page.getByRole('heading', { name: 'Connect to N-sight' }).waitFor();
    await page.getByLabel('Territory').selectOption({ label: 'Custom host…' });
    await page.getByLabel('Host or URL').fill(`http://127.0.0.1:${port}`);
    await page.getByLabel('API key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Test connection' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.getAttribute('data-error-code')).toBe('unreachable');
    expect(await alert.textContent()).toBe(`The server at 127.0.0.1:${port} could not be reached: check the address and the network, then test again.×`);
    await screenshot(page, '11b-first-run-unreachable');
    expect(app.pageErrors).toEqual([]);
  }, 90_000);

  it('first run explains a bad host and a short key', async () => {
    app = await openApp(chromiumPath!, build.dir);
    const { page } = app;

    await page.getByRole('heading', { name: 'Connect to N-sight' }).waitFor();
    await page.getByLabel('Territory').selectOption({ label: 'Custom host…' });
    const host = page.getByLabel('Host or URL');
    await host.fill('Atlantis was here');
    const key = page.getByLabel('API key');
    await key.fill('x');

    const hostHint = page.getByTestId('host-hint');
    expect(await hostHint.textContent()).toContain('"Atlantis was here"');
    expect(await host.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('key-hint').textContent()).toBe(
      'The API key is the long string from the N-sight dashboard (Settings → General Settings → API); this one looks too short.',
    );
    expect(await page.getByRole('button', { name: 'Test connection' }).isDisabled()).toBe(true);
    await screenshot(page, '11c-first-run-invalid');

    // Both hints go away once the values can be used.
    await host.fill('rmm.example.com');
    await key.fill(TEST_API_KEY);
    await hostHint.waitFor({ state: 'detached' });
    expect(await page.getByTestId('key-hint').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Test connection' }).isDisabled()).toBe(false);
    expect(app.pageErrors).toEqual([]);
  });

  it('offline keeps the cached clients', async () => {
    nsight = await startNsightServer();
    app = await openApp(chromiumPath!, build.dir, { account: { server: nsight.url, apiKey: TEST_API_KEY } });
    const { page } = app;

    await page.getByRole('button', { name: 'Sync client list now' }).click();
    await page.getByTestId('sync-summary').filter({ hasText: 'the client list is up to date' }).waitFor();
    await page.getByTestId('connection-state').filter({ hasText: 'Online' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    const count = page.getByTestId('client-count');
    await count.filter({ hasText: /^\d+ of \d+ clients$/ }).waitFor();
    const cached = await count.textContent();
    expect(cached).not.toBe('0 of 0 clients');

    // Every request now ends with a reset connection, as when the network is gone.
    nsight.setFault({ kind: 'reset' });
    await page.getByRole('button', { name: 'Sync client list' }).click();
    await page.getByTestId('connection-state').filter({ hasText: 'Offline: showing cached data' }).waitFor({ timeout: 60_000 });
    const alert = page.locator('[data-error-code="offline"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('N-sight could not be reached');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await count.filter({ hasText: cached! }).waitFor();
    await screenshot(page, '12-offline');

    // A new window on the same app opens on the client list with the cached data.
    await page.reload();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await count.filter({ hasText: cached! }).waitFor();
    await page.getByTestId('connection-state').filter({ hasText: 'Offline' }).waitFor();
    expect(app.pageErrors).toEqual([]);
  }, 90_000);
});

// The devices table at common laptop window sizes: every column fits, or the table scrolls
// sideways inside its own frame, and no cell text is cut short. Screenshots of each size are
// written for a look.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chromiumForTests } from '../support/chromium.ts';
import { buildRendererForTests, openApp, screenshot, type AppUnderTest } from './support.ts';

const chromiumPath = chromiumForTests();
/** The demo client with the longest site name, "Pune Warehouse". */
const CLIENT_ID = '40241';

interface TableFit {
  /** The page or the main area is wider than the window, so something is cut off at the right. */
  pageOverflow: number;
  /** Right edge of the last column, minus the widest the table can show by scrolling. */
  lastColumnHidden: number;
  /** Cells whose text does not fit their column, as "column: text". */
  cutCells: string[];
}

/** Measures the devices grid in the page. */
function measure(page: Page): Promise<TableFit> {
  return page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[role="grid"][aria-label="Devices"]')!;
    const main = document.getElementById('main')!;
    const headers = Array.from(grid.querySelectorAll<HTMLElement>('[role="columnheader"]'));
    const last = headers.at(-1)!;
    const gridBox = grid.getBoundingClientRect();
    const reachableRight = gridBox.left - grid.scrollLeft + grid.scrollWidth;
    const cutCells: string[] = [];
    for (const row of Array.from(grid.querySelectorAll<HTMLElement>('[role="row"]'))) {
      const cells = Array.from(row.querySelectorAll<HTMLElement>('[role="gridcell"], [role="columnheader"]'));
      cells.forEach((cell, index) => {
        if (cell.scrollWidth > cell.clientWidth + 1) cutCells.push(`${headers[index]?.textContent ?? index}: ${cell.textContent ?? ''}`);
      });
    }
    return {
      pageOverflow: Math.max(document.documentElement.scrollWidth - window.innerWidth, main.scrollWidth - main.clientWidth),
      lastColumnHidden: last.getBoundingClientRect().right - reachableRight,
      cutCells,
    };
  });
}

describe.skipIf(chromiumPath === null)('layout in the browser', () => {
  let build: Awaited<ReturnType<typeof buildRendererForTests>>;
  let app: AppUnderTest;

  beforeAll(async () => {
    build = await buildRendererForTests();
    app = await openApp(chromiumPath!, build.dir);
    const { page } = app;
    await page.getByRole('button', { name: 'Try the demo account' }).click();
    await page.getByTestId('connection-state').filter({ hasText: 'Demo account' }).waitFor();
    const synced = await page.evaluate(() => window.nsight!.startSync({ scope: { kind: 'all' } }));
    expect(synced.ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await build?.remove();
  });

  it.each([
    [1280, 800],
    [1024, 768],
  ])('devices table fits at %ix%i', async (width, height) => {
    const { page } = app;
    await page.setViewportSize({ width, height });
    await page.goto(`${app.harness.url.split('#')[0]}#/clients/${CLIENT_ID}`);
    await page.getByRole('heading', { name: 'Sharma Textiles Pvt. Ltd.' }).waitFor({ timeout: 10_000 });
    await page.getByRole('gridcell', { name: 'Pune Warehouse' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, `17-devices-${width}x${height}`);

    const fit = await measure(page);

    expect(fit.pageOverflow).toBeLessThanOrEqual(0);
    expect(fit.lastColumnHidden).toBeLessThanOrEqual(0);
    expect(fit.cutCells).toEqual([]);

    // Scrolled to the right end, the last column shows whole inside the table's frame.
    const grid = page.getByRole('grid', { name: 'Devices' });
    await grid.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    const gridBox = (await grid.boundingBox())!;
    const lastHeader = (await grid.getByRole('columnheader', { name: 'Sync' }).boundingBox())!;
    expect(lastHeader.x + lastHeader.width).toBeLessThanOrEqual(gridBox.x + gridBox.width);
    await screenshot(page, `17-devices-${width}x${height}-scrolled`);
    await grid.evaluate((element) => element.scrollTo({ left: 0 }));
    expect(app.pageErrors).toEqual([]);
  });
});

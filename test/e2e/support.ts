// Shared set-up of the browser tests: a renderer build per test file, the web harness, Chromium
// and screenshots under test-artifacts/screenshots/.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';

import { buildRenderer, PROJECT_ROOT } from '../../electron/web/build.ts';
import { startWebHarness, type WebHarness, type WebHarnessOptions } from '../../electron/web/harness.ts';
import { silentLogger } from '../../electron/logger.ts';
import { launchChromium, type ChromiumSession } from '../support/chromium.ts';

export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'screenshots');

/** Builds the renderer into a new temporary folder, so parallel test files never share a build. */
export async function buildRendererForTests(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nsight-renderer-'));
  await buildRenderer(dir);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface AppUnderTest {
  harness: WebHarness;
  browser: ChromiumSession;
  page: Page;
  /** Errors the page logged or threw; a test asserts that it stays empty. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Starts the harness on `rendererDir` with a fresh data folder, and opens its page in Chromium. */
export async function openApp(chromiumPath: string, rendererDir: string, options: WebHarnessOptions = {}): Promise<AppUnderTest> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nsight-e2e-'));
  const harness = await startWebHarness({ dataDir, staticDir: rendererDir, build: 'never', logger: silentLogger, ...options });
  const browser = await launchChromium(chromiumPath);
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(harness.url);
  return {
    harness,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await harness.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Saves the whole screen as test-artifacts/screenshots/<name>.png. The main area scrolls on its
 * own, so the window is made tall enough to show all of it, then set back.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
  const contentHeight = await page.evaluate(() => {
    const main = document.getElementById('main');
    const header = document.querySelector('.app-header');
    return (main?.scrollHeight ?? 0) + (header?.getBoundingClientRect().height ?? 0);
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(contentHeight)) });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  await page.setViewportSize(viewport);
}

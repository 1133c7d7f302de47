// Finds and starts Debian's Chromium for the browser tests. Playwright's own browser
// downloads are not used: CHROMIUM_PATH names a binary, else /usr/bin/chromium is tried.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const INSTALL_HINT = 'Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary.';

/** Flags for a quiet, reproducible headless run that contacts no Google service. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Returns the Chromium binary to use, or null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, but no file is there. ${INSTALL_HINT}`);
    return configured;
  }
  return existsSync(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : null;
}

/**
 * Returns the Chromium binary, or null with a message on stderr so the browser tests are skipped.
 * Under CI (CI=true) a missing Chromium throws instead, so the tests cannot pass unseen.
 */
export function chromiumForTests(env: NodeJS.ProcessEnv = process.env): string | null {
  const binary = findChromium(env);
  if (binary !== null) return binary;
  if (env.CI === 'true') throw new Error(`The browser tests need Chromium, and CI must run them. ${INSTALL_HINT}`);
  process.stderr.write(`Skipping the browser tests: no Chromium at ${DEFAULT_CHROMIUM}. ${INSTALL_HINT}\n`);
  return null;
}

export interface ChromiumSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a new, empty user data folder, removed again by `close`. */
export async function launchChromium(executablePath: string, viewport = { width: 1400, height: 900 }): Promise<ChromiumSession> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'nsight-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    colorScheme: 'light',
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

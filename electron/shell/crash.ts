// Uncaught errors in main and crashed renderers: logged once, then shown in a dialog with
// "Copy details" (the redacted report) instead of a silent crash.

import { app, clipboard, dialog, type BrowserWindow } from 'electron';

import type { Logger } from '../logger.ts';
import { crashDetails, crashSummary } from './crash-report.ts';

export interface CrashHandlerOptions {
  logger: Logger;
  secrets: () => readonly string[];
  window: () => BrowserWindow | null;
}

/** Installs the handlers for uncaught exceptions, unhandled rejections and renderer crashes. */
export function installCrashHandlers(options: CrashHandlerOptions): void {
  const logger = options.logger.child('crash');
  let showing = false;

  async function report(kind: string, error: unknown): Promise<void> {
    const details = crashDetails(
      error,
      { version: app.getVersion(), platform: process.platform, arch: process.arch, electron: process.versions.electron ?? 'unknown', time: new Date().toISOString() },
      options.secrets(),
    );
    logger.error(kind, { details });
    // One dialog at a time: errors raised while it is open are only logged.
    if (showing || !app.isReady()) return;
    showing = true;
    try {
      const window = options.window();
      const box = {
        type: 'error' as const,
        title: 'N-sight Backup Reports',
        message: 'Something went wrong in N-sight Backup Reports.',
        detail: `${crashSummary(error, options.secrets())}\n\nCopy the details to report the problem. The API key is removed from them.`,
        buttons: ['Copy details', 'Quit', 'Keep working'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      };
      const { response } = window === null ? await dialog.showMessageBox(box) : await dialog.showMessageBox(window, box);
      if (response === 0) clipboard.writeText(details);
      if (response === 1) app.quit();
    } finally {
      showing = false;
    }
  }

  process.on('uncaughtException', (error) => void report('Uncaught exception', error));
  process.on('unhandledRejection', (reason) => void report('Unhandled rejection', reason));
  app.on('render-process-gone', (_event, _contents, details) => {
    void report('Renderer process gone', new Error(`The window's renderer stopped (${details.reason}, exit code ${details.exitCode}).`));
  });
}

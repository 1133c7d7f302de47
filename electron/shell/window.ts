// The app window: isolated, sandboxed, without Node, loading only `app://renderer`; restored
// to where the user left it, and its bounds saved when it closes.

import { BrowserWindow, screen } from 'electron';

import type { SettingsStore } from '../settings/store.ts';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, restorableBounds } from './bounds.ts';
import { APP_ENTRY_URL } from './content.ts';

export interface WindowOptions {
  preload: string;
  settings: SettingsStore;
  title: string;
}

/** Creates and loads the app window. */
export function createAppWindow(options: WindowOptions): BrowserWindow {
  const saved = restorableBounds(
    options.settings.get().window,
    screen.getAllDisplays().map((display) => display.workArea),
  );

  const window = new BrowserWindow({
    title: options.title,
    ...(saved === null ? DEFAULT_WINDOW_SIZE : { x: saved.x, y: saved.y, width: saved.width, height: saved.height }),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });

  if (saved?.maximized === true) window.maximize();
  window.once('ready-to-show', () => window.show());

  window.on('close', () => {
    const bounds = window.getNormalBounds();
    void options.settings.update({ window: { ...bounds, maximized: window.isMaximized() } }).catch(() => {});
  });

  void window.loadURL(APP_ENTRY_URL);
  return window;
}

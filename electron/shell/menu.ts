// The application menu: the platform's usual entries, plus "Open logs folder" and links to
// N-able's documentation under Help.

import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

import type { Logger } from '../logger.ts';

const DOCUMENTATION_URL = 'https://documentation.n-able.com/remote-management/userguide/Content/api_key.htm';

/** Builds and installs the menu; `logsFolder` returns the folder of the current log file. */
export function installMenu(options: { logsFolder: () => string; logger: Logger }): void {
  const isMac = process.platform === 'darwin';
  const openLogs = async (): Promise<void> => {
    const error = await shell.openPath(options.logsFolder());
    if (error !== '') options.logger.error('Could not open the logs folder', { folder: options.logsFolder(), error });
  };

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools', visible: !app.isPackaged },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'How to get an N-sight API key', click: () => void shell.openExternal(DOCUMENTATION_URL) },
        { type: 'separator' },
        { label: 'Open logs folder', click: () => void openLogs() },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

// The native dialogs and file manager calls behind the bridge's file intents: main picks every
// path, the renderer never names one.

import { join } from 'node:path';
import { dialog, shell, type BrowserWindow, type FileFilter, type OpenDialogOptions, type SaveDialogOptions } from 'electron';

import type { ExportFormat } from '../../shared/contract.ts';
import type { FileDialogs } from '../bridge/services.ts';

const FORMAT_FILTERS: Record<ExportFormat, FileFilter> = {
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
  pdf: { name: 'PDF document', extensions: ['pdf'] },
  json: { name: 'JSON file', extensions: ['json'] },
};

/** Creates the dialogs, each modal to the window `parent` returns; they start in `defaultFolder`. */
export function createFileDialogs(parent: () => BrowserWindow | null, defaultFolder: () => string): FileDialogs {
  async function open(options: OpenDialogOptions): Promise<string | null> {
    const window = parent();
    const result = window === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  return {
    async chooseReportFile(defaultName, format) {
      const options: SaveDialogOptions = {
        title: 'Save report',
        defaultPath: join(defaultFolder(), defaultName),
        filters: [FORMAT_FILTERS[format]],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = parent();
      const result = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
      if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
      return result.filePath;
    },

    chooseExportFolder: () =>
      open({
        title: 'Choose a folder for the reports',
        defaultPath: defaultFolder(),
        buttonLabel: 'Export here',
        properties: ['openDirectory', 'createDirectory'],
      }),

    chooseLogoFile: () =>
      open({
        title: 'Choose the logo for reports',
        filters: [{ name: 'PNG or JPEG image', extensions: ['png', 'jpg', 'jpeg'] }],
        properties: ['openFile'],
      }),

    revealFile(file) {
      shell.showItemInFolder(file);
    },
  };
}

// Child process of the export crash test: exports an Excel report of 30,000 sessions into the folder given
// as the first argument and prints "halfway" when half the session rows are written, so the
// test can kill it mid-write.

import { writeExcelReport } from '../../electron/report/excel.ts';
import { exportReports } from '../../electron/report/export.ts';
import { manySessions, SAMPLE_SETTINGS, sampleModel } from './export-fixture.ts';

const folder = process.argv[2];
if (folder === undefined) throw new Error('Missing folder argument.');

await exportReports({
  model: sampleModel(manySessions(30_000)),
  settings: SAMPLE_SETTINGS,
  formats: ['xlsx'],
  outDir: folder,
  writers: {
    xlsx: (model, settings, file) =>
      writeExcelReport(model, settings, file, {
        onSessionRows: (written) => {
          if (written === 15_000) process.stdout.write('halfway\n');
        },
      }),
  },
});

// Report benchmark: one client month through the report model and the three exporters,
// against exceljs and pdfmake writing the same tables from prepared rows. Then a batch of
// clients goes through the batch writer that the `report --all` command uses.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { exportReports, REPORT_FORMATS } from '../electron/report/export.ts';
import { writeClientReports } from '../electron/report/batch.ts';
import { buildReport } from '../shared/report/build.ts';
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../shared/report/types.ts';
import { cacheAccount } from './cached-account.ts';
import { BENCH_MONTH, BENCH_NOW, formatCount, generateAccount } from './data.ts';
import { compare, summarize, timeOnce } from './measure.ts';
import { tablesFromModel, writeBaselineReport } from './report-baseline.ts';
import type { Benchmark } from './types.ts';

const SETTINGS: ReportSettings = { ...DEFAULT_REPORT_SETTINGS, mspName: 'Bench MSP' };

/** Days of generated history: the whole of `BENCH_MONTH` and a few days before it. */
const HISTORY_DAYS = 45;

export const benchmark: Benchmark = {
  name: 'report',
  description:
    'One client month read from the cache, then `buildReport` and `exportReports` to xlsx, pdf and json (default settings, so the PDF does not list every session). ' +
    'Baseline: exceljs (streaming writer) and pdfmake writing the same tables (devices, daily grid with fills, sessions in Excel; devices and daily grid in the PDF) and JSON.stringify of the rows, ' +
    'from rows copied out of the model before the timing; it leaves out the summary sheet and first page. ' +
    'The batch writes every client of a 200-client account through `writeClientReports`, the path of `report --all`, once.',

  async run({ quick, tmpDir, log }) {
    const single = generateAccount({ clients: 1, devicesPerClient: quick ? 20 : 100, days: HISTORY_DAYS }, log);
    const { cache, accountId } = cacheAccount(path.join(tmpDir, 'single.sqlite'), single);
    const client = single.clients[0]!;
    const input = cache.getReportInput(accountId, client.id, { month: BENCH_MONTH });
    cache.close();
    if (input === null) throw new Error(`getReportInput found no client ${client.id}.`);
    const model = buildReport(input, SETTINGS, { now: BENCH_NOW });
    const tables = tablesFromModel(model);
    log(`one client: ${model.devices.length} devices, ${formatCount(model.sessions.length)} sessions in ${BENCH_MONTH}`);

    let round = 0;
    const result = await compare(
      quick ? 2 : 7,
      async () => {
        const outDir = path.join(tmpDir, `model-${round++}`);
        await mkdir(outDir);
        const built = buildReport(input, SETTINGS, { now: BENCH_NOW });
        await exportReports({ model: built, settings: SETTINGS, formats: REPORT_FORMATS, outDir });
      },
      async () => {
        const outDir = path.join(tmpDir, `baseline-${round++}`);
        await mkdir(outDir);
        await writeBaselineReport(tables, outDir);
      },
    );

    const batchScale = quick ? { clients: 5, devicesPerClient: 10, days: HISTORY_DAYS } : { clients: 200, devicesPerClient: 50, days: HISTORY_DAYS };
    const account = generateAccount(batchScale, log);
    const batch = cacheAccount(path.join(tmpDir, 'batch.sqlite'), account);
    const outDir = path.join(tmpDir, 'batch');
    await mkdir(outDir);
    let written = 0;
    const batchMs = await timeOnce(async () => {
      const results = await writeClientReports({
        cache: batch.cache,
        accountId: batch.accountId,
        clients: account.clients.map(({ id, name }) => ({ id, name })),
        month: BENCH_MONTH,
        settings: SETTINGS,
        formats: REPORT_FORMATS,
        outDir,
        overwrite: false,
        now: BENCH_NOW,
      });
      const failed = results.filter((entry) => entry.status !== 'written');
      if (failed.length > 0) throw new Error(`The batch did not write ${failed.length} clients; the first: ${JSON.stringify(failed[0])}`);
      written = results.length;
    });
    batch.cache.close();

    return {
      figures: [
        { what: 'model + exporters / libraries alone', unit: 'ratio', stats: result.ratio, target: 'at most 1.5', met: result.ratio.median <= 1.5 },
        { what: 'model + exporters, one client', unit: 'ms', stats: result.candidate },
        { what: 'libraries alone, one client', unit: 'ms', stats: result.baseline },
        { what: `batch of ${written} clients, xlsx + pdf + json`, unit: 's', stats: summarize([batchMs / 1000]) },
      ],
      notes: [
        `One client: ${model.devices.length} devices, ${formatCount(model.sessions.length)} sessions in ${BENCH_MONTH}. ` +
          `Batch: ${written} clients of ${batchScale.devicesPerClient} devices (${formatCount(account.devices.length)} devices), one round, ${(batchMs / written).toFixed(0)} ms a client.`,
      ],
    };
  },
};

// Memory benchmark: the peak resident set size of a process that exports one client month of
// about 100,000 sessions from the cache to xlsx, pdf and json, as the `report` command does.

import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { REPORT_FORMATS, type ReportFormat } from '../electron/report/export.ts';
import { cacheAccount } from './cached-account.ts';
import { BENCH_MONTH, BENCH_NOW, formatCount, generateAccount } from './data.ts';
import { summarize } from './measure.ts';
import type { MemoryChildRequest, MemoryChildResult } from './memory-child.ts';
import type { Benchmark, Figure } from './types.ts';

const run = promisify(execFile);
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'memory-child.ts');
const MB = 1_048_576;

/** Causes of the peak, found with per-step RSS and heap readings (node --expose-gc) and one process per format, on 98,663 sessions of 3,000 devices. */
const BOUNDS = [
  '',
  '**What bounds it.** A new process with the cache and report modules loaded takes about 130 MB of RSS (the figure above). ' +
    '`getReportInput` (electron/cache/report-input.ts) and `buildReport` (shared/report/build.ts) bring it to about 340 MB before any file is written (report input and model only): ' +
    'every session of the month is held twice, once in `input.sessions` (one object built from each SQLite row) and once in `model.sessions`, and the input stays reachable in the caller while the files are written. ' +
    'So the target cannot be met while the whole month is materialized. ' +
    'The PDF sets the peak: about 450 MB over the model, because pdfmake lays out the whole document in memory before it writes a byte, the device table of 2,600 rows and the daily grid included. ' +
    'The Excel writer adds about 100 MB, mostly outside the JS heap (zip buffers), and the JSON about 60 MB. ' +
    'Since the first full run (2026-12-04, 1,226 MB for all formats): the JSON is written one element at a time instead of as one string (json alone 591 to 394 MB), ' +
    'and the daily grid draws each device\'s days as one canvas of boxes with a row of letters over it instead of 30 table cells (pdf alone 890 to 784 MB).',
  '',
  '**Proposed fixes.** (1) Model: stream sessions from the cache to the Excel sessions sheet and the JSON instead of holding `input.sessions` and `model.sessions` at once, ' +
    'and let the input go out of scope before the export starts (`writeOne` in electron/report/batch.ts keeps it alive). ' +
    '(2) PDF: above a device count, print the device table and the daily grid only for devices that need attention, or lay out the PDF in parts so pdfmake never holds the whole document. ' +
    'Both are needed for the target: the model alone peaks above 300 MB, and the PDF alone adds more than that.',
];

export const benchmark: Benchmark = {
  name: 'memory',
  description:
    'Peak resident set size (`process.resourceUsage().maxRSS`) of a new Node process that opens the cache, reads one client month with `getReportInput`, builds the model and exports it with `exportReports`. ' +
    'The client has enough devices for about 100,000 sessions in the month; default settings, so the PDF does not list every session. ' +
    'The all-formats figure has the target; one process per format shows where the memory goes.',

  async run({ quick, tmpDir, log }) {
    // About 33 sessions a device in a month of generated history.
    const account = generateAccount({ clients: 1, devicesPerClient: quick ? 60 : 3_000, days: 45 }, log);
    const cacheFile = path.join(tmpDir, 'memory.sqlite');
    const { cache, accountId } = cacheAccount(cacheFile, account);
    cache.close();

    let round = 0;
    async function measure(formats: ReportFormat[]): Promise<MemoryChildResult> {
      const outDir = path.join(tmpDir, `out-${round++}`);
      await mkdir(outDir);
      const request: MemoryChildRequest = { cacheFile, accountId, clientId: account.clients[0]!.id, month: BENCH_MONTH, now: BENCH_NOW.toISOString(), formats, outDir };
      const { stdout } = await run(process.execPath, [CHILD, JSON.stringify(request)], { maxBuffer: 1 << 20 });
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as MemoryChildResult;
      log(`${formats.join(' + ') || 'model only'}: peak RSS ${(result.maxRssBytes / MB).toFixed(0)} MB, ${formatCount(result.sessions)} sessions, ${(result.ms / 1000).toFixed(1)} s`);
      return result;
    }

    const all: MemoryChildResult[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) all.push(await measure([...REPORT_FORMATS]));
    const peak = summarize(all.map((result) => result.maxRssBytes / MB));
    const figures: Figure[] = [
      { what: 'peak RSS, xlsx + pdf + json', unit: 'MB', stats: peak, target: 'under 300', met: peak.median < 300 },
      { what: 'export time, xlsx + pdf + json', unit: 's', stats: summarize(all.map((result) => result.ms / 1000)) },
      { what: 'RSS of the process before the cache opens', unit: 'MB', stats: summarize(all.map((result) => result.startRssBytes / MB)) },
    ];
    if (!quick) {
      const modelOnly = await measure([]);
      figures.push({ what: 'peak RSS, report input and model only', unit: 'MB', stats: summarize([modelOnly.maxRssBytes / MB]) });
      for (const format of REPORT_FORMATS) {
        const alone = await measure([format]);
        figures.push({ what: `peak RSS, ${format} alone`, unit: 'MB', stats: summarize([alone.maxRssBytes / MB]) });
      }
    }
    const first = all[0]!;
    return {
      figures,
      notes: [
        `${formatCount(first.sessions)} sessions of ${formatCount(first.devices)} devices in ${BENCH_MONTH}.`,
        ...(quick ? [] : BOUNDS),
      ],
    };
  },
};

// Child process of the memory benchmark: exports one client month from a cache file, as the
// `report` command does, and prints its peak resident set size as one JSON line on stdout.
// Reads its request as JSON from argv[2].

import { openCache } from '../electron/cache/cache.ts';
import { exportReports, type ReportFormat } from '../electron/report/export.ts';
import { buildReport } from '../shared/report/build.ts';
import { DEFAULT_REPORT_SETTINGS } from '../shared/report/types.ts';

export interface MemoryChildRequest {
  cacheFile: string;
  accountId: number;
  clientId: string;
  month: string;
  now: string;
  formats: ReportFormat[];
  outDir: string;
}

export interface MemoryChildResult {
  /** Peak resident set size of the whole process, in bytes. */
  maxRssBytes: number;
  /** Resident set size before the cache was opened, in bytes. */
  startRssBytes: number;
  sessions: number;
  devices: number;
  ms: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as MemoryChildRequest;
const startRssBytes = process.memoryUsage.rss();
const started = performance.now();
const cache = openCache(request.cacheFile);
const input = cache.getReportInput(request.accountId, request.clientId, { month: request.month });
cache.close();
if (input === null) throw new Error(`The cache ${request.cacheFile} has no client ${request.clientId}.`);
const settings = { ...DEFAULT_REPORT_SETTINGS, mspName: 'Bench MSP' };
const model = buildReport(input, settings, { now: new Date(request.now) });
// No formats measures the report input and the model alone.
if (request.formats.length > 0) await exportReports({ model, settings, formats: request.formats, outDir: request.outDir });

const result: MemoryChildResult = {
  // resourceUsage reports maxRSS in kilobytes.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  startRssBytes,
  sessions: model.sessions.length,
  devices: model.devices.length,
  ms: performance.now() - started,
};
process.stdout.write(`${JSON.stringify(result)}\n`);

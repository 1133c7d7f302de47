// Client, site and device names from the API that attack or strain file names and documents:
// path separators, characters Windows rejects, control characters, reserved device names,
// 300 characters, emoji and right-to-left text. The account is synced from the local N-sight
// server and every client is exported in Excel, PDF and JSON through the app's batch export.
// The files must stay inside the chosen folder with safe names, and every name must read back
// from the workbook and from the PDF text.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOutcome } from '../../shared/contract.ts';
import { DEFAULT_REPORT_SETTINGS } from '../../shared/report/types.ts';
import { ReportService } from '../../electron/bridge/reports.ts';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import { runCli } from '../../electron/cli/run.ts';
import type { SimAccount } from '../../electron/demo/account.ts';
import { generateDemoAccount } from '../../electron/demo/generate.ts';
import { silentLogger } from '../../electron/logger.ts';
import { runSync } from '../../electron/sync/sync.ts';
import { captureIo, countingApi, listFiles, NOW, startSimServer, tempFolder, type SimServer } from './support.ts';

const API_KEY = 'hostile-names-key-93ab1c';

/** Names as an attacker or an unlucky dashboard might set them. */
const HOSTILE_NAMES = [
  '../../etc/passwd',
  '..\\..\\Windows\\System32\\drivers',
  'C:\\Temp\\Acme: "quoted" <tag> *star* ?what? |pipe|',
  'Tab\there\u0001bell\u0007escape\u001b[31m red\u007f end',
  'CON',
  'nul.txt',
  'COM1',
  `Very long ${'Ä'.repeat(145)} ${'B'.repeat(145)}`,
  '👨‍👩‍👧‍👦 Family Backups 🚀💾',
  'شركة النسخ الاحتياطي',
  '\u202Egnp.exe Invoice',
  '. .hidden .',
  'Trailing dot.',
  'Müller & Söhne <GmbH> & Co',
];

/** Characters no file name may contain on Windows, macOS or Linux, plus controls and bidi overrides. */
const UNSAFE_IN_FILE_NAMES = /[/\\:*?"<>|\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

let folder: ReturnType<typeof tempFolder>;
let sim: SimServer;
let cache: Cache;
let accountId: number;
let account: SimAccount;
let outDir: string;
let outcome: ExportOutcome;
let cacheFile: string;

/** Returns the text a document shows for a name: control characters other than tab cannot be printed, so they are left out. */
function printable(name: string): string {
  return name.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/** Names of the client's devices that its report lists: those with Backup & Recovery on. */
function reportedDevices(clientId: string): string[] {
  return account.devices.filter((device) => device.clientId === clientId && device.backupEnabled).map((device) => device.name);
}

/** Names of the sites of the devices a client's report lists. */
function reportedSites(clientId: string): string[] {
  const devices = account.devices.filter((device) => device.clientId === clientId && device.backupEnabled);
  return [...new Set(devices.map((device) => device.siteName))];
}

/**
 * Collapses whitespace, so a name wrapped across lines still matches, and drops bidirectional
 * controls, which change how text is laid out but are no characters of their own in the PDF.
 */
function squeeze(text: string): string {
  return text.replace(/\s+/gu, '').replace(/[\u202a-\u202e\u2066-\u2069]/gu, '');
}

const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * True when pdftotext's output shows `name`. For right-to-left names it checks word by word,
 * allowing for two ways poppler's extraction departs from stored order: it writes a lam-alef
 * ligature as alef-lam, and it writes a token such as "#16" after Arabic in visual order
 * ("16#"). The PDF tests of the exporter check that such names are drawn.
 */
function pdfShows(squeezedText: string, name: string): boolean {
  const expected = printable(name);
  if (!RIGHT_TO_LEFT.test(expected)) return squeezedText.includes(squeeze(expected));
  const words = expected.split(/\s+/u).map(squeeze).filter((word) => word !== '');
  return words.every((word) => {
    const forms = [word, word.replaceAll('\u0644\u0627', '\u0627\u0644'), word.replace(/^(\D+)(\d+)$/u, '$2$1')];
    return forms.some((form) => squeezedText.includes(form));
  });
}

/** One case per client, labelled by position because the names themselves are unprintable. */
const CLIENT_CASES = HOSTILE_NAMES.map((_name, index) => ({ index, label: `client ${index + 1}` }));

function hostileAccount(): SimAccount {
  const generated = generateDemoAccount({ now: NOW, seed: 11, scale: { clients: HOSTILE_NAMES.length, devicesPerClient: 2, days: 40 } });
  generated.clients.forEach((client, index) => {
    client.name = HOSTILE_NAMES[index]!;
  });
  const clientNames = new Map(generated.clients.map((client) => [client.id, client.name]));
  generated.sites.forEach((site, index) => {
    site.name = HOSTILE_NAMES[(index + 3) % HOSTILE_NAMES.length]!;
  });
  const siteNames = new Map(generated.sites.map((site) => [site.id, site.name]));
  generated.devices.forEach((device, index) => {
    device.name = `${HOSTILE_NAMES[(index + 7) % HOSTILE_NAMES.length]!} #${index}`;
    device.clientName = clientNames.get(device.clientId)!;
    device.siteName = siteNames.get(device.siteId) ?? device.siteName;
  });
  for (const details of generated.details ?? []) {
    details.name = generated.devices.find((device) => device.id === details.id)?.name ?? details.name;
  }
  return generated;
}

beforeAll(async () => {
  folder = tempFolder();
  account = hostileAccount();
  sim = await startSimServer(account, API_KEY);
  cacheFile = path.join(folder.dir, 'cache', 'cache.sqlite');
  cache = openCache(cacheFile);
  accountId = cache.ensureAccount(new URL(sim.server.url).host, API_KEY).id;
  const result = await runSync({ api: countingApi(sim.server, API_KEY).api, cache, accountId });
  expect(result.failures).toEqual([]);
  expect(result.outcome).toBe('ok');

  outDir = path.join(folder.dir, 'exports', 'chosen');
  mkdirSync(outDir, { recursive: true });
  const reports = new ReportService({
    cache,
    account: () => ({ accountId }),
    settings: () => ({ ...DEFAULT_REPORT_SETTINGS, mspName: 'Über IT' }),
    dialogs: {
      chooseReportFile: async () => null,
      chooseExportFolder: async () => outDir,
      chooseLogoFile: async () => null,
      revealFile: () => {},
    },
    logger: silentLogger,
    clock: () => NOW,
    onProgress: () => {},
  });
  outcome = await reports.exportBatch({ month: '2026-11', timeZone: 'UTC', formats: ['xlsx', 'pdf', 'json'] });
}, 120_000);

afterAll(async () => {
  cache?.close();
  await sim?.server.close();
  folder?.remove();
});

function filesOf(clientId: string): Map<string, string> {
  if (outcome.status !== 'written') throw new Error('the export was cancelled');
  return new Map(outcome.files.filter((file) => file.clientId === clientId).map((file) => [file.format, path.join(outDir, file.fileName)]));
}

describe('hostile names', () => {
  it('cache keeps every name', () => {
    const cached = cache.listClients(accountId).map((client) => client.name).sort();
    expect(cached).toEqual([...HOSTILE_NAMES].sort());
    const devices = cache.listDevices(accountId).map((device) => device.name).sort();
    expect(devices).toEqual(account.devices.map((device) => device.name).sort());
  });

  it('exports every client', () => {
    expect(outcome.status).toBe('written');
    if (outcome.status !== 'written') return;
    expect(outcome.failures).toEqual([]);
    expect(outcome.files).toHaveLength(HOSTILE_NAMES.length * 3);
  });

  it('files stay in the folder', () => {
    const everything = listFiles(folder.dir).filter((file) => !file.startsWith(`cache${path.sep}`));
    const exported = listFiles(outDir).map((file) => path.join('exports', 'chosen', file));
    expect(everything).toEqual(exported);
    expect(listFiles(outDir).every((file) => !file.includes(path.sep))).toBe(true);
    expect(listFiles(outDir)).toHaveLength(HOSTILE_NAMES.length * 3);
  });

  it('file names are safe', () => {
    for (const file of listFiles(outDir)) {
      expect(file, file).not.toMatch(UNSAFE_IN_FILE_NAMES);
      expect(file.split('.')[0]!.trim(), file).not.toMatch(WINDOWS_RESERVED);
      expect(Buffer.byteLength(file), file).toBeLessThanOrEqual(255);
      expect(file.startsWith('.'), file).toBe(false);
      expect(file.startsWith(' '), file).toBe(false);
      expect(file).toMatch(/ - Backup report - 2026-11\.(xlsx|pdf|json)$/);
    }
  });

  it('JSON keeps the exact names', () => {
    for (const client of account.clients) {
      const model = JSON.parse(readFileSync(filesOf(client.id).get('json')!, 'utf8'));
      expect(model.client.name).toBe(client.name);
      const names = model.devices.map((device: { name: string }) => device.name).sort();
      expect(names).toEqual(reportedDevices(client.id).sort());
    }
  });

  it.each(CLIENT_CASES)('Excel shows names of $label', async ({ index }) => {
    const client = account.clients[index]!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(filesOf(client.id).get('xlsx')!);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') texts.push(cell.value);
        });
      });
    });
    expect(texts.join('\n')).toContain(printable(client.name));
    for (const name of reportedDevices(client.id)) expect(texts).toContain(printable(name));
    for (const name of reportedSites(client.id)) expect(texts).toContain(printable(name));
  });

  it.each(CLIENT_CASES)('PDF prints names of $label', ({ index }) => {
    const client = account.clients[index]!;
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', filesOf(client.id).get('pdf')!, '-'], { encoding: 'utf8' });
    const squeezed = squeeze(text);
    for (const name of [client.name, ...reportedDevices(client.id), ...reportedSites(client.id)]) {
      expect(pdfShows(squeezed, name), `the PDF text lacks ${JSON.stringify(name)}`).toBe(true);
    }
  });
});

describe('hostile names on the command line', () => {
  it('report --all writes the same safe files', async () => {
    const cliOut = path.join(folder.dir, 'cli-out');
    mkdirSync(cliOut);
    const run = captureIo({ NSIGHT_CACHE: cacheFile, NSIGHT_SERVER: sim.server.url });

    const code = await runCli(['report', '--all', '--month', '2026-11', '--tz', 'UTC', '--format', 'xlsx,pdf,json', '--out', cliOut], run.io);

    expect(run.stderr()).not.toContain('Error:');
    expect(code).toBe(0);
    expect(listFiles(cliOut)).toEqual(listFiles(outDir));
    const outside = listFiles(folder.dir).filter((file) => !file.startsWith(`cache${path.sep}`) && !file.startsWith(`exports${path.sep}`) && !file.startsWith(`cli-out${path.sep}`));
    expect(outside).toEqual([]);
  });
});

// Local files that are damaged or cannot be written: a corrupt cache, a cache from a newer
// version, a settings file that is not JSON, a logo that is not an image, and an output folder
// that is missing, read-only or full. Each case gives the user a clear message. None leaves a
// partial or temporary file behind. The read-only and full folders are real tmpfs mounts (the tests
// run as root); elsewhere those cases are skipped.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { toBridgeError } from '../../electron/bridge/errors.ts';
import { AppSettingsService } from '../../electron/bridge/app-settings.ts';
import { openCache } from '../../electron/cache/cache.ts';
import { SCHEMA_VERSION } from '../../electron/cache/schema.ts';
import { runCli } from '../../electron/cli/run.ts';
import { runSync } from '../../electron/sync/sync.ts';
import { silentLogger } from '../../electron/logger.ts';
import { exportReports, OutputFolderError } from '../../electron/report/export.ts';
import { LogoError } from '../../electron/report/pdf.ts';
import { openSettingsStore } from '../../electron/settings/store.ts';
import { SAMPLE_SETTINGS, sampleModel } from '../report/export-fixture.ts';
import { captureIo, countingApi, listFiles, smallAccount, startSimServer, tempFolder, type SimServer } from './support.ts';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => folder.remove());

async function rejection(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Creates a cache with one account and client, as a sync would leave it. */
function syncedCache(file: string): void {
  const cache = openCache(file);
  const account = cache.ensureAccount('www.systemmonitor.us', 'local-files-key-1234');
  cache.saveClients(account.id, [
    {
      id: '10', name: 'Acme', viewDashboard: false, viewWorkstationAssets: false, dashboardUsername: null, timeZone: null,
      creationDate: null, serverCount: 0, workstationCount: 0, mobileDeviceCount: 0, deviceCount: 0,
    },
  ]);
  cache.close();
}

describe('cache file', () => {
  it('corrupt file is moved aside', async () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    const garbage = Buffer.from('This is not an SQLite database, but it was called cache.sqlite.\n'.repeat(100));
    writeFileSync(file, garbage);

    const run = captureIo({ NSIGHT_CACHE: file });
    const code = await runCli(['clients'], run.io);

    expect(code).toBe(1);
    const moved = listFiles(folder.dir).find((name) => name.startsWith('cache.sqlite.corrupt-'));
    expect(moved).toBeDefined();
    expect(run.stderr()).toContain(`Warning: the cache file ${file} was corrupt. It was moved to ${path.join(folder.dir, moved!)} and a new, empty cache was started.`);
    expect(run.stderr()).toContain(`Error: The cache ${file} contains no account yet: run \`npm run cli -- sync --server SERVER\``);
    expect(readFileSync(path.join(folder.dir, moved!)).equals(garbage)).toBe(true);
    expect(openCache(file).checkIntegrity()).toEqual([]);
  });

  it('damaged pages are moved aside', () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    syncedCache(file);
    const bytes = readFileSync(file);
    // Page 1 contains the header and the schema, so the damage goes to the pages after it.
    bytes.fill(0xa5, 4096, bytes.byteLength);
    writeFileSync(file, bytes);

    const cache = openCache(file);

    expect(cache.movedAsideTo).not.toBeNull();
    expect(readFileSync(cache.movedAsideTo!).equals(bytes)).toBe(true);
    expect(cache.listAccounts()).toEqual([]);
    cache.close();
  });

  it('newer version is refused unchanged', async () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    syncedCache(file);
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const bytes = readFileSync(file);
    const filesBefore = listFiles(folder.dir);

    const run = captureIo({ NSIGHT_CACHE: file });
    const code = await runCli(['clients'], run.io);

    expect(code).toBe(1);
    expect(run.stderr()).toContain(
      `The cache file ${file} was written by a newer version of N-sight Backup Reports (schema ${SCHEMA_VERSION + 5}; this version reads up to ${SCHEMA_VERSION}). Update the app, or pick another cache file with --cache or NSIGHT_CACHE.`,
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(listFiles(folder.dir)).toEqual(filesBefore);
  });

  it('newer version maps to invalid-file', () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    syncedCache(file);
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    let error: unknown;
    try {
      openCache(file);
    } catch (caught) {
      error = caught;
    }
    expect(toBridgeError(error)?.code).toBe('invalid-file');
  });
});

describe('settings file', () => {
  it('non-JSON file is kept aside', async () => {
    const file = path.join(folder.dir, 'settings.json');
    const text = '{ "mspName": "Acme IT", oops this is not JSON';
    writeFileSync(file, text);

    const store = openSettingsStore({ file, logger: silentLogger, now: () => 1_700_000_000_000 });

    const movedTo = `${file}.invalid-1700000000000`;
    expect(store.problem).toEqual({
      code: 'invalid-file',
      message: `The settings file was not valid JSON, so it was kept as ${movedTo} and the default settings apply. Set them again in Settings.`,
    });
    expect(readFileSync(movedTo, 'utf8')).toBe(text);
    expect(store.get().mspName).toBe('');
    expect(listFiles(folder.dir)).toEqual(['settings.json.invalid-1700000000000']);

    await store.update({ mspName: 'Acme IT' });
    expect(JSON.parse(readFileSync(file, 'utf8')).mspName).toBe('Acme IT');
    expect(listFiles(folder.dir)).toEqual(['settings.json', 'settings.json.invalid-1700000000000']);
  });
});

describe('logo', () => {
  const notImages: [string, Buffer][] = [
    ['text renamed to png', Buffer.from('not an image at all\n')],
    ['empty file', Buffer.alloc(0)],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
  ];

  it.each(notImages)('%s fails the PDF export', async (_label, bytes) => {
    const logo = path.join(folder.dir, 'logo.png');
    writeFileSync(logo, bytes);
    const out = path.join(folder.dir, 'out');
    mkdirSync(out);

    const error = await rejection(
      exportReports({ model: sampleModel(), settings: { ...SAMPLE_SETTINGS, mspLogoPath: logo }, formats: ['pdf'], outDir: out }),
    );

    expect(error).toBeInstanceOf(LogoError);
    expect(error.message).toBe(`Cannot use the MSP logo ${logo}: the file is not a PNG or JPEG image. Choose a PNG or JPEG image in the report settings.`);
    expect(listFiles(out)).toEqual([]);
  });

  it.each(notImages)('%s is not stored as logo', async (_label, bytes) => {
    const logo = path.join(folder.dir, 'chosen.png');
    writeFileSync(logo, bytes);
    const settingsFile = path.join(folder.dir, 'data', 'settings.json');
    const store = openSettingsStore({ file: settingsFile, logger: silentLogger });
    const service = new AppSettingsService({ store, dataFolder: path.join(folder.dir, 'data'), logger: silentLogger, applyRequestBudget: () => {} });

    const error = await rejection(service.useLogo(logo));

    expect(toBridgeError(error)).toEqual({
      code: 'invalid-file',
      message: 'chosen.png is not a PNG or JPEG image: choose a PNG or JPEG file for the logo.',
    });
    expect(store.get().logo).toBeNull();
    expect(listFiles(folder.dir)).toEqual(['chosen.png']);
  });
});

describe('output folder', () => {
  it('missing folder is reported, not created', async () => {
    const out = path.join(folder.dir, 'no-such-folder');

    const error = await rejection(exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['xlsx', 'pdf'], outDir: out }));

    expect(error).toBeInstanceOf(OutputFolderError);
    expect(error.message).toBe(`Cannot write reports to ${out}: the folder does not exist. Choose another folder or fix its permissions.`);
    expect(listFiles(folder.dir)).toEqual([]);
  });

  it('a file as folder is reported', async () => {
    const out = path.join(folder.dir, 'reports');
    writeFileSync(out, 'a file, not a folder');

    const error = await rejection(exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['pdf'], outDir: out }));

    expect(error.message).toBe(`Cannot write reports to ${out}: it is not a folder. Choose another folder or fix its permissions.`);
    expect(listFiles(folder.dir)).toEqual(['reports']);
  });
});

/** Mounts a tmpfs at `dir`; returns false when this process may not mount. */
function mountTmpfs(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
}

const mountFolder = tempFolder('nsight-mount-');
const canMount = process.platform === 'linux' && process.getuid?.() === 0 && mountTmpfs(mountFolder.dir, 'size=1m');
if (canMount) unmount(mountFolder.dir);

describe.runIf(canMount)('output folder on tmpfs', () => {
  let mounted: string | null = null;
  const cliFolder = tempFolder('nsight-cli-');
  const cliCache = path.join(cliFolder.dir, 'cache.sqlite');
  let sim: SimServer;
  let clientName: string;
  let clientId: string;

  beforeAll(async () => {
    const account = smallAccount(13);
    clientName = account.clients[0]!.name;
    clientId = account.clients[0]!.id;
    sim = await startSimServer(account, 'local-files-key-77c3d1');
    const cache = openCache(cliCache);
    const accountId = cache.ensureAccount(new URL(sim.server.url).host, 'local-files-key-77c3d1').id;
    expect((await runSync({ api: countingApi(sim.server, 'local-files-key-77c3d1').api, cache, accountId })).outcome).toBe('ok');
    cache.close();
  });
  afterAll(async () => {
    await sim.server.close();
    cliFolder.remove();
  });

  async function reportCommand(format: string) {
    const run = captureIo({ NSIGHT_CACHE: cliCache });
    const code = await runCli(['report', '--client', clientId, '--month', '2026-11', '--tz', 'UTC', '--format', format, '--out', mountFolder.dir], run.io);
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  beforeAll(() => {
    mkdirSync(mountFolder.dir, { recursive: true });
  });
  afterEach(() => {
    if (mounted !== null) unmount(mounted);
    mounted = null;
  });
  afterAll(() => mountFolder.remove());

  it('read-only folder is reported', async () => {
    expect(mountTmpfs(mountFolder.dir, 'ro,size=1m')).toBe(true);
    mounted = mountFolder.dir;

    const error = await rejection(exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['xlsx', 'pdf', 'json'], outDir: mountFolder.dir }));

    expect(error).toBeInstanceOf(OutputFolderError);
    expect(error.message).toBe(`Cannot write reports to ${mountFolder.dir}: the folder is not writable (EROFS). Choose another folder or fix its permissions.`);
    expect(listFiles(mountFolder.dir)).toEqual([]);
  });

  it.each([['xlsx'], ['pdf'], ['json']] as const)('full disk fails %s cleanly', async (format) => {
    // No report fits in 4 KiB, so the write fails part-way with ENOSPC.
    expect(mountTmpfs(mountFolder.dir, 'size=4k')).toBe(true);
    mounted = mountFolder.dir;
    const model = sampleModel();

    const error = await rejection(exportReports({ model, settings: SAMPLE_SETTINGS, formats: [format], outDir: mountFolder.dir }));

    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(listFiles(mountFolder.dir)).toEqual([]);
    const shown = toBridgeError(error);
    expect(shown?.code).toBe('write-failed');
    // The user must learn which file failed: the report's own name, not its temporary one.
    const target = path.join(mountFolder.dir, `Müller & Söhne GmbH - Backup report - 2026-11.${format}`);
    expect(shown?.message).toBe(`Could not write ${target}: the disk is full. Choose another folder or free some space, then try again.`);
  });

  it('report command on a read-only folder', async () => {
    expect(mountTmpfs(mountFolder.dir, 'ro,size=1m')).toBe(true);
    mounted = mountFolder.dir;

    const output = await reportCommand('xlsx,pdf');

    expect(output.code).toBe(1);
    expect(output.stderr).toContain(`Cannot write reports to ${mountFolder.dir}: the folder is not writable (EROFS). Choose another folder or fix its permissions.`);
    expect(listFiles(mountFolder.dir)).toEqual([]);
  });

  it.each([['xlsx'], ['pdf'], ['json']])('report command on a full disk (%s)', async (format) => {
    expect(mountTmpfs(mountFolder.dir, 'size=4k')).toBe(true);
    mounted = mountFolder.dir;

    const output = await reportCommand(format);

    expect(output.code).toBe(1);
    expect(listFiles(mountFolder.dir)).toEqual([]);
    const error = output.stderr.split('\n').find((line) => line.startsWith('Error:')) ?? '';
    expect(error).toContain(path.join(mountFolder.dir, `${clientName} - Backup report - 2026-11.${format}`));
    expect(error).toMatch(/the disk is full/i);
  });

  it('full disk leaves no format', async () => {
    // Room for the JSON report but not for the PDF after it: neither is put in place.
    expect(mountTmpfs(mountFolder.dir, 'size=24k')).toBe(true);
    mounted = mountFolder.dir;

    const error = await rejection(exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['json', 'pdf'], outDir: mountFolder.dir }));

    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(listFiles(mountFolder.dir)).toEqual([]);
  });

  it('full disk keeps the settings file', async () => {
    expect(mountTmpfs(mountFolder.dir, 'size=8k')).toBe(true);
    mounted = mountFolder.dir;
    const file = path.join(mountFolder.dir, 'settings.json');
    const store = openSettingsStore({ file, logger: silentLogger });
    await store.update({ mspName: 'Acme IT' });
    const saved = readFileSync(file, 'utf8');
    // Fill the disk, leaving no room for the temporary copy of the next write.
    let filler = 0;
    try {
      for (;;) writeFileSync(path.join(mountFolder.dir, `filler-${filler++}`), Buffer.alloc(1024));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }

    const error = await rejection(store.update({ mspName: `Acme IT ${'x'.repeat(100)}` }));

    expect(toBridgeError(error)?.code).toBe('write-failed');
    expect(readFileSync(file, 'utf8')).toBe(saved);
    expect(listFiles(mountFolder.dir).filter((name) => !name.startsWith('filler-'))).toEqual(['settings.json']);
  });
});

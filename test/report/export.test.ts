import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeExcelReport } from '../../electron/report/excel.ts';
import { exportReports, OutputFolderError } from '../../electron/report/export.ts';
import { FileExistsError } from '../../electron/report/files.ts';
import { manySessions, SAMPLE_SETTINGS, sampleModel } from './export-fixture.ts';

const XLSX = 'Müller & Söhne GmbH - Backup report - 2026-11.xlsx';
const PDF = 'Müller & Söhne GmbH - Backup report - 2026-11.pdf';
const JSON_FILE = 'Müller & Söhne GmbH - Backup report - 2026-11.json';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'export-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('exportReports', () => {
  it('writes each format', async () => {
    const files = await exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['xlsx', 'pdf', 'json'], outDir: folder });
    expect(files).toEqual([join(folder, XLSX), join(folder, PDF), join(folder, JSON_FILE)]);
    expect((await readdir(folder)).sort()).toEqual([JSON_FILE, PDF, XLSX].sort());
  });

  it('writes the model as JSON', async () => {
    const model = sampleModel();
    await exportReports({ model, settings: SAMPLE_SETTINGS, formats: ['json'], outDir: folder });
    const text = await readFile(join(folder, JSON_FILE), 'utf8');
    expect(JSON.parse(text)).toEqual(model);
    expect(JSON.parse(text).devices[0].days).toHaveLength(30);
  });

  it('leaves the model unchanged', async () => {
    const model = sampleModel();
    const before = structuredClone(model);
    for (const format of ['pdf', 'json', 'xlsx'] as const) {
      await exportReports({ model, settings: SAMPLE_SETTINGS, formats: [format], outDir: folder, overwrite: true });
    }
    expect(model).toEqual(before);
    const json = JSON.parse(await readFile(join(folder, JSON_FILE), 'utf8')) as { rules: { texts: unknown[] } };
    expect(json.rules.texts).toEqual(before.rules.texts);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(folder, XLSX));
    const cells = workbook.getWorksheet('Summary')?.getColumn(1).values ?? [];
    expect(cells).toContain(before.rules.texts[0]);
    expect(cells.filter((cell) => cell !== undefined && typeof cell !== 'string')).toEqual([]);
  });

  it('reports progress per file', async () => {
    const events: string[] = [];
    await exportReports({
      model: sampleModel(),
      settings: SAMPLE_SETTINGS,
      formats: ['json', 'pdf'],
      outDir: folder,
      onProgress: (event) => events.push(event.format),
    });
    expect(events).toEqual(['json', 'pdf']);
  });

  it('adds a file suffix', async () => {
    const [file] = await exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['json'], outDir: folder, fileSuffix: '55' });
    expect(file).toBe(join(folder, 'Müller & Söhne GmbH (55) - Backup report - 2026-11.json'));
  });

  it('writes nothing when a file exists', async () => {
    await writeFile(join(folder, PDF), 'earlier report');
    const write = exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['xlsx', 'pdf'], outDir: folder });
    await expect(write).rejects.toBeInstanceOf(FileExistsError);
    expect(await readdir(folder)).toEqual([PDF]);
    expect(await readFile(join(folder, PDF), 'utf8')).toBe('earlier report');
  });

  it('overwrites when asked', async () => {
    await writeFile(join(folder, PDF), 'earlier report');
    await exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['pdf'], outDir: folder, overwrite: true });
    const bytes = await readFile(join(folder, PDF));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('rejects a missing folder', async () => {
    const missing = join(folder, 'missing');
    const write = exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['pdf'], outDir: missing });
    await expect(write).rejects.toBeInstanceOf(OutputFolderError);
    await expect(write).rejects.toThrow(`Cannot write reports to ${missing}: the folder does not exist.`);
  });

  it('rejects a file as folder', async () => {
    const file = join(folder, 'file');
    await writeFile(file, '');
    const write = exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['pdf'], outDir: file });
    await expect(write).rejects.toThrow('it is not a folder');
  });

  it.skipIf(process.getuid?.() === 0)('rejects a read-only folder', async () => {
    const readOnly = join(folder, 'read-only');
    await mkdir(readOnly);
    await chmod(readOnly, 0o500);
    const write = exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: ['pdf'], outDir: readOnly });
    await expect(write).rejects.toThrow('the folder is not writable');
  });

  it('rejects no formats', async () => {
    await expect(exportReports({ model: sampleModel(), settings: SAMPLE_SETTINGS, formats: [], outDir: folder })).rejects.toThrow(
      'No report format chosen',
    );
  });
});

describe('exportReports failures', () => {
  it('leaves nothing when the writer fails', async () => {
    const write = exportReports({
      model: sampleModel(manySessions(20_000)),
      settings: SAMPLE_SETTINGS,
      formats: ['xlsx'],
      outDir: folder,
      writers: {
        xlsx: (model, settings, file) =>
          writeExcelReport(model, settings, file, {
            onSessionRows: (written) => {
              if (written === 10_000) throw new Error('injected writer failure');
            },
          }),
      },
    });
    await expect(write).rejects.toThrow('injected writer failure');
    expect(await readdir(folder)).toEqual([]);
  });

  it('leaves nothing when aborted', async () => {
    const controller = new AbortController();
    const write = exportReports({
      model: sampleModel(manySessions(20_000)),
      settings: SAMPLE_SETTINGS,
      formats: ['xlsx'],
      outDir: folder,
      signal: controller.signal,
      writers: {
        xlsx: (model, settings, file, options) =>
          writeExcelReport(model, settings, file, {
            ...options,
            onSessionRows: (written) => {
              if (written === 10_000) controller.abort(new Error('export cancelled'));
            },
          }),
      },
    });
    await expect(write).rejects.toThrow('export cancelled');
    expect(await readdir(folder)).toEqual([]);
  });

  it('writes no format when one fails', async () => {
    const write = exportReports({
      model: sampleModel(),
      settings: SAMPLE_SETTINGS,
      formats: ['json', 'pdf'],
      outDir: folder,
      writers: {
        pdf: async (_model, _settings, file) => {
          await writeFile(file, '%PDF-half');
          throw new Error('injected PDF failure');
        },
      },
    });
    await expect(write).rejects.toThrow('injected PDF failure');
    expect(await readdir(folder)).toEqual([]);
  });

  it.each([
    ['a missing logo', 'missing.png', null, 'the file was not found'],
    ['a logo that is no image', 'logo.png', 'not an image', 'the file is not a PNG or JPEG image'],
  ])('checks %s before writing', async (_label, name, content, reason) => {
    const logo = join(folder, name);
    if (content !== null) await writeFile(logo, content);
    const out = join(folder, 'out');
    await mkdir(out);
    const write = exportReports({ model: sampleModel(), settings: { ...SAMPLE_SETTINGS, mspLogoPath: logo }, formats: ['xlsx', 'pdf', 'json'], outDir: out });
    await expect(write).rejects.toThrow(`Cannot use the MSP logo ${logo}: ${reason}.`);
    expect(await readdir(out)).toEqual([]);
  });

  it('keeps replaced files when one fails', async () => {
    await writeFile(join(folder, JSON_FILE), 'last run');
    const write = exportReports({
      model: sampleModel(),
      settings: SAMPLE_SETTINGS,
      formats: ['json', 'pdf'],
      outDir: folder,
      overwrite: true,
      writers: { pdf: () => Promise.reject(new Error('injected PDF failure')) },
    });
    await expect(write).rejects.toThrow('injected PDF failure');
    expect(await readdir(folder)).toEqual([JSON_FILE]);
    expect(await readFile(join(folder, JSON_FILE), 'utf8')).toBe('last run');
  });

  it('leaves no report after a killed process', async () => {
    const script = fileURLToPath(new URL('./export-crash-child.ts', import.meta.url));
    const node = process.execPath;
    const child = spawn(node, [script, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    for await (const line of lines) {
      if (line === 'halfway') {
        child.kill('SIGKILL');
        break;
      }
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const left = await readdir(folder);
    expect(left).not.toContain(XLSX);
    // Only the hidden temporary file of the interrupted write remains.
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\..*\.tmp$/);
  }, 60_000);
});

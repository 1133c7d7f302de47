import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageType, LogoError, renderPdfReport, writePdfReport } from '../../electron/report/pdf.ts';
import type { ReportDevice } from '../../shared/report/types.ts';
import { SAMPLE_SETTINGS, sampleModel } from './export-fixture.ts';

let folder: string;

/** Returns the text of a PDF page range as pdftotext prints it. */
function pdfText(file: string, first?: number, last?: number): string {
  const range = first === undefined ? [] : ['-f', String(first), '-l', String(last ?? first)];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}

function pdfInfo(file: string): string {
  return execFileSync('pdfinfo', [file], { encoding: 'utf8' });
}

function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(pdfInfo(file))?.[1]);
}

/** Writes a one-page PDF and renders it with pdftoppm to get a real PNG or JPEG image. */
async function realImage(kind: 'png' | 'jpeg'): Promise<string> {
  const pdf = join(folder, `for-${kind}.pdf`);
  await writeFile(pdf, await renderPdfReport(sampleModel(), SAMPLE_SETTINGS));
  const prefix = join(folder, `logo-${kind}`);
  execFileSync('pdftoppm', [`-${kind}`, '-r', '8', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  return `${prefix}.${kind === 'png' ? 'png' : 'jpg'}`;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pdf-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writePdfReport', () => {
  let file: string;

  beforeAll(async () => {
    file = join(folder, 'report.pdf');
    await writePdfReport(sampleModel(), { ...SAMPLE_SETTINGS, pdfListsEverySession: true }, file);
  });

  it('prints the first page', () => {
    const page = pdfText(file, 1);
    expect(page).toContain('Über IT Services');
    expect(page).toContain('Müller & Söhne GmbH');
    expect(page).toContain('Backup report for November 2026');
    expect(page).toContain('Europe/Berlin');
    expect(page).toContain('Generated 2026-12-01 09:00');
    expect(page).toContain('Data as of 2026-12-01 07:00');
  });

  it('prints the client figures', () => {
    const page = pdfText(file, 1);
    expect(page).toMatch(/\bDevices\s+3\s/);
    expect(page).toMatch(/Devices at risk\s+1\s/);
    expect(page).toMatch(/Success rate\s+50\.0%/);
    expect(page).toMatch(/Protected data\s+12\.50 GB/);
    expect(page).toMatch(/Change against previous month\s+\+2\.50 GB/);
    expect(page).toMatch(/Data transferred\s+1\.25 GB/);
  });

  it('prints needs attention', () => {
    const page = pdfText(file, 1);
    expect(page).toContain('Needs attention');
    expect(page).toContain('Бухгалтерия-ПК (Filiale Köln): at risk, last successful backup 2026-10-28 (33 days without one).');
    expect(page).toContain('Café-Laptop (Zentrale): no backup session this month.');
  });

  it('prints Greek and Cyrillic names', () => {
    const devices = pdfText(file, 2);
    expect(devices).toContain('SRV-ΑΘΗΝΑ');
    expect(devices).toContain('Бухгалтерия-ПК');
    expect(devices).toContain('Café-Laptop');
  });

  it('prints device figures', () => {
    const devices = pdfText(file, 2);
    expect(devices).toMatch(/SRV-ΑΘΗΝΑ\s+Server\s+1\s+100\.0%\s+1 \/ 30\s+2026-11-02 02:30\s+28\s+No\s+12\.50\s+\+2\.50\s+1\.25\s+0\s+1/);
    expect(devices).toContain('Protected (GB)');
  });

  it('prints the grid legend', () => {
    const grid = pdfText(file, 3);
    expect(grid).toContain('Daily status (days in Europe/Berlin)');
    for (const label of ['Success', 'Completed with errors', 'Failed', 'No backup']) expect(grid).toContain(label);
  });

  it('prints the session list', () => {
    const sessions = pdfText(file, 4);
    expect(sessions).toContain('Sessions (3)');
    expect(sessions).toMatch(/2026-11-03 23:30\s+Бухгалтерия-ПК\s+Filiale Köln\s+FILE_SYSTEM\s+BACKUP\s+FAILED\s+0:01:00/);
  });

  it('numbers every page', () => {
    const pages = pageCount(file);
    expect(pages).toBe(4);
    for (let page = 1; page <= pages; page += 1) expect(pdfText(file, page)).toContain(`Page ${page} of ${pages}`);
  });

  it('embeds its fonts', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const rows = fonts.split('\n').slice(2).filter((line) => line.trim() !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toContain('Roboto');
      expect(row).toMatch(/\byes\b/);
    }
  });

  it('uses A4 landscape', () => {
    expect(pdfInfo(file)).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
  });

  it('sets document properties', () => {
    const info = pdfInfo(file);
    expect(info).toMatch(/Title:\s+Backup report - Müller & Söhne GmbH - 2026-11/);
    expect(info).toMatch(/Author:\s+Über IT Services/);
  });

  it('renders every page', async () => {
    const prefix = join(folder, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '50', file, prefix]);
    const pages = (await readdir(folder)).filter((name) => /^page-\d+\.png$/.test(name)).sort();
    expect(pages).toEqual(['page-1.png', 'page-2.png', 'page-3.png', 'page-4.png']);
    for (const page of pages) expect((await stat(join(folder, page))).size).toBeGreaterThan(5_000);
  });
});

describe('writePdfReport options', () => {
  it('leaves out sessions by default', async () => {
    const file = join(folder, 'short.pdf');
    await writePdfReport(sampleModel(), SAMPLE_SETTINGS, file);
    expect(pageCount(file)).toBe(3);
    expect(pdfText(file)).not.toContain('Sessions (3)');
  });

  it('uses Letter when set', async () => {
    const file = join(folder, 'letter.pdf');
    await writePdfReport(sampleModel(), { ...SAMPLE_SETTINGS, paperSize: 'Letter' }, file);
    expect(pdfInfo(file)).toMatch(/Page size:\s+792 x 612 pts \(letter\)/);
  });

  it('repeats table headers', async () => {
    const model = sampleModel();
    const template = model.devices[1] as ReportDevice;
    model.devices = Array.from({ length: 60 }, (_, index) => ({ ...template, id: String(500 + index), name: `PC-${index}` }));
    const file = join(folder, 'long.pdf');
    await writePdfReport(model, SAMPLE_SETTINGS, file);
    const devicePages = [2, 3].map((page) => pdfText(file, page));
    for (const text of devicePages) expect(text).toContain('Backup');
    expect(devicePages[1]).toContain('Days since');
    expect(devicePages[1]).toContain('PC-59');
  });

  it('prints the header without MSP name', async () => {
    const file = join(folder, 'no-msp.pdf');
    await writePdfReport(sampleModel(), { ...SAMPLE_SETTINGS, mspName: '' }, file);
    const header = pdfText(file, 2).split('\n').find((line) => line.includes('Backup report 2026-11')) ?? '';
    expect(header.trim()).toBe('Müller & Söhne GmbH · Backup report 2026-11');
  });

  it('keeps a zone name on one line', async () => {
    const model = sampleModel();
    model.period = { ...model.period, timeZone: 'Asia/Kolkata' };
    const file = join(folder, 'kolkata.pdf');
    await writePdfReport(model, SAMPLE_SETTINGS, file);
    const devices = pdfText(file, 2);
    expect(devices).toContain('Devices (times in Asia/Kolkata)');
    expect(devices).not.toMatch(/Asia\/\s*\n/);
  });

  it('names days with success alike', async () => {
    const file = join(folder, 'terms.pdf');
    await writePdfReport(sampleModel(), SAMPLE_SETTINGS, file);
    expect(pdfText(file, 2)).toMatch(/Days with\s[\s\S]*success/);
    const grid = pdfText(file, 3);
    expect(grid).not.toContain('Days OK');
    expect(grid).toMatch(/Days with\s[\s\S]*success/);
  });

  it('says where the zone came from', async () => {
    const model = sampleModel();
    model.period = { ...model.period, timeZone: 'UTC', timeZoneSource: 'computer' };
    const file = join(folder, 'computer-zone.pdf');
    await writePdfReport(model, SAMPLE_SETTINGS, file);
    const page = pdfText(file, 1).replace(/\s+/g, ' ');
    expect(page).toContain("UTC (UTC+00:00 at the start of the month), this computer's time zone, as neither the client nor the default time zone is set");
  });

  it('prints the notice of an early report', async () => {
    const model = sampleModel();
    model.incomplete = { generatedBeforeMonthEnd: true, dataSyncedBeforeMonthEnd: true, devicesNeverSynced: 2 };
    const file = join(folder, 'early.pdf');
    await writePdfReport(model, SAMPLE_SETTINGS, file);
    const page = pdfText(file, 1);
    expect(page).toContain('Generated before the month ended');
    expect(page).toContain('2 devices were never synced');
  });
});

describe('PDF logo', () => {
  it('embeds a PNG logo', async () => {
    const logo = await realImage('png');
    const file = join(folder, 'png-logo.pdf');
    await writePdfReport(sampleModel(), { ...SAMPLE_SETTINGS, mspLogoPath: logo }, file);
    const images = execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', file], { encoding: 'utf8' });
    expect(images.split('\n').filter((line) => /^\s+1\s/.test(line))).toHaveLength(1);
  });

  it('embeds a JPEG logo', async () => {
    const logo = await realImage('jpeg');
    const file = join(folder, 'jpeg-logo.pdf');
    await writePdfReport(sampleModel(), { ...SAMPLE_SETTINGS, mspLogoPath: logo }, file);
    const images = execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', file], { encoding: 'utf8' });
    expect(images).toMatch(/\bjpeg\b/);
  });

  it('rejects a file that is no image', async () => {
    const logo = join(folder, 'logo.png');
    await writeFile(logo, 'not an image');
    const write = writePdfReport(sampleModel(), { ...SAMPLE_SETTINGS, mspLogoPath: logo }, join(folder, 'bad-logo.pdf'));
    await expect(write).rejects.toBeInstanceOf(LogoError);
    await expect(write).rejects.toThrow(`Cannot use the MSP logo ${logo}: the file is not a PNG or JPEG image.`);
  });

  it('rejects a missing logo', async () => {
    const logo = join(folder, 'missing.png');
    const write = writePdfReport(sampleModel(), { ...SAMPLE_SETTINGS, mspLogoPath: logo }, join(folder, 'no-logo.pdf'));
    await expect(write).rejects.toThrow('the file was not found');
  });

  it('detects image types', () => {
    expect(imageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(imageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(imageType(Uint8Array.from([0x47, 0x49, 0x46, 0x38]))).toBeNull();
  });
});

describe('PDF scripts', () => {
  let file: string;

  beforeAll(async () => {
    const model = sampleModel();
    model.client.name = 'شركة النسخ';
    const names = ['👨‍👩‍👧‍👦 Family 🚀', 'שרת ראשי', '中文-PC'];
    model.devices.forEach((device, index) => {
      device.name = names[index]!;
    });
    file = join(folder, 'scripts.pdf');
    await writePdfReport(model, { ...SAMPLE_SETTINGS, mspName: 'שירותי IT' }, file);
  });

  it('embeds fallback fonts', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    for (const family of ['NotoNaskhArabic-Bold', 'NotoSansHebrew-Bold', 'NotoEmoji-Regular', 'Roboto-Regular']) {
      expect(fonts).toMatch(new RegExp(`[A-Z]{6}\\+${family}\\s.*\\byes\\s+yes\\s+yes\\b`));
    }
  });

  it('prints Arabic and Hebrew', () => {
    const page = pdfText(file, 1);
    expect(page).toContain('شركة النسخ');
    expect(page).toContain('שירותי');
  });

  it('prints emoji and replaces CJK', () => {
    const page = pdfText(file, 2);
    expect(page).toContain('Family 🚀');
    expect(page).toContain('ראשי');
    expect(page).toContain('\uFFFD\uFFFD-PC');
  });

  it('draws the Arabic title', () => {
    // The title line of page 1 at 72 dpi: 24 pt letters about 75 pt below the top.
    const gray = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', '-x', '0', '-y', '68', '-W', '842', '-H', '34', file]);
    const pixels = gray.subarray(gray.length - 842 * 34);
    const dark = pixels.filter((value) => value < 128).length;
    expect(dark).toBeGreaterThan(300);
  });
});

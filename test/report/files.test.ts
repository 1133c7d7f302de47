import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileExistsError,
  reportFileName,
  writeAtomically,
  writeFileAtomic,
} from '../../electron/report/files.ts';

describe('reportFileName', () => {
  it('keeps a plain name', () => {
    expect(reportFileName('Acme Ltd', '2026-11', 'pdf')).toBe('Acme Ltd - Backup report - 2026-11.pdf');
  });

  it('keeps accents, Greek and Cyrillic', () => {
    expect(reportFileName('Müller & Söhne', '2026-01', 'xlsx')).toBe('Müller & Söhne - Backup report - 2026-01.xlsx');
    expect(reportFileName('Ελληνική Εταιρεία', '2026-01', 'pdf')).toBe('Ελληνική Εταιρεία - Backup report - 2026-01.pdf');
    expect(reportFileName('ООО Ромашка', '2026-01', 'json')).toBe('ООО Ромашка - Backup report - 2026-01.json');
  });

  it('replaces characters Windows rejects', () => {
    expect(reportFileName('A/B\\C:D*E?F"G<H>I|J', '2026-11', 'pdf')).toBe(
      'A_B_C_D_E_F_G_H_I_J - Backup report - 2026-11.pdf',
    );
  });

  it('collapses control characters and whitespace', () => {
    expect(reportFileName('Acme\tLtd\n\u0000x', '2026-11', 'pdf')).toBe('Acme Ltd _x - Backup report - 2026-11.pdf');
  });

  it('avoids reserved device names', () => {
    expect(reportFileName('CON', '2026-11', 'pdf')).toBe('_CON - Backup report - 2026-11.pdf');
    expect(reportFileName('nul.corp', '2026-11', 'pdf')).toBe('_nul.corp - Backup report - 2026-11.pdf');
    expect(reportFileName('COM1', '2026-11', 'pdf')).toBe('_COM1 - Backup report - 2026-11.pdf');
    expect(reportFileName('Console Corp', '2026-11', 'pdf')).toBe('Console Corp - Backup report - 2026-11.pdf');
  });

  it('keeps trailing dots inside the name', () => {
    expect(reportFileName('Kowalski Sp. z o.o.', '2026-11', 'pdf')).toBe('Kowalski Sp. z o.o. - Backup report - 2026-11.pdf');
  });

  it('drops leading dots', () => {
    expect(reportFileName('..NET Experts', '2026-11', 'pdf')).toBe('NET Experts - Backup report - 2026-11.pdf');
  });

  it('names an empty client', () => {
    expect(reportFileName('  ', '2026-11', 'pdf')).toBe('Unnamed client - Backup report - 2026-11.pdf');
    expect(reportFileName('...', '2026-11', 'pdf')).toBe('Unnamed client - Backup report - 2026-11.pdf');
  });

  it('cuts long names to 100 bytes', () => {
    const name = reportFileName('Ж'.repeat(300), '2026-11', 'pdf');
    const clientPart = name.slice(0, name.indexOf(' - Backup report'));
    expect(clientPart).toBe('Ж'.repeat(50));
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
  });

  it('keeps combined accents whole when cutting', () => {
    const name = reportFileName('e\u0301'.repeat(40), '2026-11', 'pdf');
    const clientPart = name.slice(0, name.indexOf(' - Backup report'));
    expect(clientPart).toBe('é'.repeat(40));
  });

  it('appends a suffix', () => {
    expect(reportFileName('Acme', '2026-11', 'pdf', { suffix: '42' })).toBe('Acme (42) - Backup report - 2026-11.pdf');
  });

  it('rejects an invalid month', () => {
    expect(() => reportFileName('Acme', '2026-13', 'pdf')).toThrow('Invalid month "2026-13"');
    expect(() => reportFileName('Acme', '2026-1', 'pdf')).toThrow('Invalid month');
  });

  it('rejects an invalid extension', () => {
    expect(() => reportFileName('Acme', '2026-11', '../x')).toThrow('Invalid file extension');
  });
});

describe('writeAtomically', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'atomic-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a new file', async () => {
    const file = join(folder, 'a.txt');
    await writeFileAtomic(file, 'hello');
    expect(await readFile(file, 'utf8')).toBe('hello');
    expect(await readdir(folder)).toEqual(['a.txt']);
  });

  it('keeps an existing file', async () => {
    const file = join(folder, 'a.txt');
    await writeFile(file, 'old');
    await expect(writeFileAtomic(file, 'new')).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(folder)).toEqual(['a.txt']);
  });

  it('overwrites when asked', async () => {
    const file = join(folder, 'a.txt');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new', { overwrite: true });
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(folder)).toEqual(['a.txt']);
  });

  it('rejects a file created during the write', async () => {
    const file = join(folder, 'a.txt');
    const write = writeAtomically(file, async (temp) => {
      await writeFile(temp, 'mine');
      await writeFile(file, 'theirs');
    });
    await expect(write).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(file, 'utf8')).toBe('theirs');
    expect(await readdir(folder)).toEqual(['a.txt']);
  });

  it('leaves nothing when the writer fails', async () => {
    const file = join(folder, 'a.txt');
    const write = writeAtomically(file, async (temp) => {
      await writeFile(temp, 'half a rep');
      throw new Error('writer crashed');
    });
    await expect(write).rejects.toThrow('writer crashed');
    expect(await readdir(folder)).toEqual([]);
  });

  it('leaves nothing when aborted', async () => {
    const file = join(folder, 'a.txt');
    const controller = new AbortController();
    const write = writeAtomically(
      file,
      async (temp) => {
        await writeFile(temp, 'partial');
        controller.abort(new Error('stopped'));
      },
      { signal: controller.signal },
    );
    await expect(write).rejects.toThrow('stopped');
    expect(await readdir(folder)).toEqual([]);
  });

  it('fails on a missing folder', async () => {
    const file = join(folder, 'missing', 'a.txt');
    await expect(writeFileAtomic(file, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

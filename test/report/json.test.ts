import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportJsonPieces, writeJsonReport } from '../../electron/report/json.ts';
import type { ReportModel } from '../../shared/report/types.ts';
import { tempFolder } from '../cache/helpers.ts';
import { SAMPLE_SETTINGS, sampleModel } from './export-fixture.ts';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => {
  folder.remove();
});

const stringified = (model: unknown): string => `${JSON.stringify(model, null, 2)}\n`;

describe('json report', () => {
  it('writes the bytes of JSON.stringify', async () => {
    const model = sampleModel();
    const file = join(folder.dir, 'report.json');

    await writeJsonReport(model, SAMPLE_SETTINGS, file);

    expect(await readFile(file, 'utf8')).toBe(stringified(model));
  });

  it('writes a model larger than one chunk', async () => {
    const session = sampleModel().sessions[0]!;
    const model = sampleModel(Array.from({ length: 2_000 }, (_, index) => ({ ...session, id: `s-${index}` })));
    const file = join(folder.dir, 'report.json');

    await writeJsonReport(model, SAMPLE_SETTINGS, file);

    const text = await readFile(file, 'utf8');
    expect(text.length).toBeGreaterThan(256 * 1024);
    expect(text).toBe(stringified(model));
  });

  it('prints edge values like JSON.stringify', () => {
    const model = {
      empty: [],
      nothing: undefined,
      nested: { list: [1, { deep: ['a\nb', 'ü \u2028'] }], at: new Date('2026-11-02T01:00:00Z') },
      holes: [undefined, () => 1, null, [], {}],
      last: 'end',
    } as unknown as ReportModel;

    expect([...reportJsonPieces(model)].join('')).toBe(stringified(model));
  });

  it('prints an empty model', () => {
    expect([...reportJsonPieces({} as ReportModel)].join('')).toBe('{}\n');
  });

  it('stops on an aborted signal', async () => {
    const file = join(folder.dir, 'report.json');

    await expect(writeJsonReport(sampleModel(), SAMPLE_SETTINGS, file, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
  });
});

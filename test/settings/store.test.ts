import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../electron/logger.ts';
import { DEFAULT_SETTINGS, openSettingsStore } from '../../electron/settings/store.ts';

let folder: string;
let file: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'settings-'));
  file = join(folder, 'settings.json');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('settings store', () => {
  it('starts with defaults without a file', () => {
    const store = openSettingsStore({ file, logger: silentLogger });

    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem).toBeNull();
  });

  it('writes updates and reads them back', async () => {
    const store = openSettingsStore({ file, logger: silentLogger });

    await store.update({ mspName: 'Contoso IT', sizeUnit: 'MB' });
    const reopened = openSettingsStore({ file, logger: silentLogger });

    expect(reopened.get().mspName).toBe('Contoso IT');
    expect(reopened.get().sizeUnit).toBe('MB');
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
  });

  it('writes concurrent updates in order', async () => {
    const store = openSettingsStore({ file, logger: silentLogger });

    await Promise.all([store.update({ mspName: 'first' }), store.update({ mspName: 'second' })]);

    expect(JSON.parse(readFileSync(file, 'utf8')).mspName).toBe('second');
  });

  it('moves a file that is not JSON aside', () => {
    writeFileSync(file, '{ mspName: oops');

    const store = openSettingsStore({ file, logger: silentLogger, now: () => 1700000000000 });

    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problem?.code).toBe('invalid-file');
    expect(store.problem?.message).toBe(
      `The settings file was not valid JSON, so it was kept as ${file}.invalid-1700000000000 and the default settings apply. Set them again in Settings.`,
    );
    expect(readdirSync(folder)).toEqual(['settings.json.invalid-1700000000000']);
    expect(readFileSync(`${file}.invalid-1700000000000`, 'utf8')).toBe('{ mspName: oops');
  });

  it('replaces only the invalid fields', () => {
    writeFileSync(file, JSON.stringify({ version: 1, mspName: 'Fabrikam', sizeUnit: 'TB', atRiskThresholdDays: -4 }));

    const store = openSettingsStore({ file, logger: silentLogger });

    expect(store.get().mspName).toBe('Fabrikam');
    expect(store.get().sizeUnit).toBe(DEFAULT_SETTINGS.sizeUnit);
    expect(store.get().atRiskThresholdDays).toBe(DEFAULT_SETTINGS.atRiskThresholdDays);
    expect(store.problem).toBeNull();
  });

  it('applies defaults to a JSON array', () => {
    writeFileSync(file, '[1, 2]');

    const store = openSettingsStore({ file, logger: silentLogger });

    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });
});

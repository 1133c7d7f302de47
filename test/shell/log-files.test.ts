import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { rotateLogFile } from '../../electron/shell/log-files.ts';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'logs-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('log rotation', () => {
  it('shifts files and keeps the newest', () => {
    const file = join(folder, 'main.log');
    for (let round = 1; round <= 5; round++) {
      writeFileSync(file, `round ${round}`);
      rotateLogFile(file, 3);
    }

    expect(readdirSync(folder).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log']);
    expect(readFileSync(join(folder, 'main.1.log'), 'utf8')).toBe('round 5');
    expect(readFileSync(join(folder, 'main.3.log'), 'utf8')).toBe('round 3');
  });

  it('rotates the first file', () => {
    const file = join(folder, 'main.log');
    writeFileSync(file, 'first');

    rotateLogFile(file);

    expect(readdirSync(folder)).toEqual(['main.1.log']);
  });
});

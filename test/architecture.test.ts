import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_FOLDERS = ['electron', 'shared', 'renderer', 'bench'];
/** Only these may load Electron, because the tests and the CLI run everything else under plain Node. */
const ELECTRON_FILES = [/^electron\/main\.ts$/, /^electron\/preload\.ts$/, /^electron\/shell\//];
/** Electron itself, and electron-log, whose entry points load Electron. */
const ELECTRON_MODULES = /^(electron|electron-log)(\/.*)?$/;

function sourceFiles(folder: string): string[] {
  const entries = readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((file) => !file.includes('node_modules/') && !file.includes('/dist/'));
}

function importedModules(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((entry) => entry.fileName);
}

describe('architecture', () => {
  const files = SOURCE_FOLDERS.flatMap((folder) => {
    try {
      return sourceFiles(folder);
    } catch {
      return [];
    }
  });

  it('finds the source files', () => {
    expect(files).toContain('electron/main.ts');
    expect(files).toContain('electron/preload.ts');
    expect(files).toContain('shared/contract.ts');
  });

  it('loads Electron only in the shell files', () => {
    const offenders = files
      .filter((file) => !ELECTRON_FILES.some((pattern) => pattern.test(file)))
      .flatMap((file) => importedModules(file).filter((name) => ELECTRON_MODULES.test(name)).map((name) => `${file} imports ${name}`));

    expect(offenders).toEqual([]);
  });

  it('detects every import form', () => {
    const forms = [
      "import { app } from 'electron';",
      "import type { App } from 'electron';",
      "export { app } from 'electron';",
      "const e = await import('electron');",
      "const e = require('electron');",
      "import log from 'electron-log/main';",
    ];

    for (const form of forms) {
      const names = ts.preProcessFile(form, true, true).importedFiles.map((entry) => entry.fileName);
      expect(names.some((name) => ELECTRON_MODULES.test(name)), form).toBe(true);
    }
  });

  it('keeps zod out of the preload bundle', () => {
    // Type-only imports vanish from the bundle; value imports of the contract would pull in zod.
    const source = ts.createSourceFile('preload.ts', readFileSync(join(ROOT, 'electron/preload.ts'), 'utf8'), ts.ScriptTarget.Latest);
    const valueImports = source.statements
      .filter((statement) => ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly !== true)
      .map((statement) => ((statement as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text);

    expect(valueImports).toEqual(['electron', '../shared/bridge-client.ts']);
  });
});

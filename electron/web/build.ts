// Builds the renderer for the web harness when the build is missing or older than its sources.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_RENDERER_DIR = path.join(PROJECT_ROOT, 'dist', 'renderer');

/** Source folders whose changes make a renderer build stale. */
const SOURCE_DIRS = ['renderer', 'shared'];

async function newestMtime(folder: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const info = await stat(path.join(entry.parentPath, entry.name));
    newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

/** Tells whether `outDir` lacks an index.html newer than every renderer and shared source file. */
export async function rendererBuildIsStale(outDir: string): Promise<boolean> {
  const built = await stat(path.join(outDir, 'index.html')).catch(() => null);
  if (!built) return true;
  for (const folder of SOURCE_DIRS) {
    if ((await newestMtime(path.join(PROJECT_ROOT, folder))) > built.mtimeMs) return true;
  }
  return false;
}

/** Runs the Vite build of the renderer into `outDir` with the project's vite.config.ts. */
export async function buildRenderer(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: path.join(PROJECT_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/** Builds the renderer into `outDir` unless an up-to-date build is there; returns whether it built. */
export async function ensureRendererBuilt(outDir: string, force = false): Promise<boolean> {
  if (!force && !(await rendererBuildIsStale(outDir))) return false;
  await buildRenderer(outDir);
  return true;
}

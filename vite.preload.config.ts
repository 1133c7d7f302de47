// Bundles the preload script into one CommonJS file, because a sandboxed preload can neither
// be an ES module nor `require` anything but `electron` and a few Node built-ins.

import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist/electron',
    emptyOutDir: false,
    target: 'chrome140',
    minify: false,
    sourcemap: true,
    lib: {
      entry: 'electron/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
    },
  },
});

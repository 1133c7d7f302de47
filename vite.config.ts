import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer/', import.meta.url));

// The renderer is loaded from file:// in Electron, so asset URLs must be relative.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome140',
    // The bundle is read from disk (Electron) or 127.0.0.1 (the web harness), never over a
    // slow network, so one chunk of about 600 kB needs no splitting.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: '127.0.0.1',
  },
});

import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config.ts';

// Three explicit entries. The preload must be ONE CommonJS file with every dependency bundled
// in (a sandboxed preload can require nothing but `electron`), so externalizeDeps is off there.
// Output folders are electron-vite's defaults (out/main, out/preload, out/renderer), so
// `electron-vite build --outDir DIR` moves all three.
const { outDir: _rendererOutDir, ...rendererBuild } = rendererConfig.build ?? {};

export default defineConfig({
  main: {
    build: {
      lib: { entry: resolve('main/index.ts') },
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      lib: { entry: resolve('main/preload.ts'), formats: ['cjs'] },
      rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'index.cjs' } },
    },
  },
  renderer: {
    ...rendererConfig,
    // import.meta.dirname is not the renderer folder once electron-vite bundles its config.
    root: resolve('renderer'),
    // electron-vite does not minify by default; the renderer is shipped code, so it should be.
    build: {
      ...rendererBuild,
      minify: true,
      cssMinify: true,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});

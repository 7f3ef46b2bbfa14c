import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Three explicit entries. The preload must be ONE CommonJS file with every dependency bundled
// in (a sandboxed preload can require nothing but `electron`), so externalizeDeps is off there.
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
    root: resolve('renderer'),
    plugins: [svelte()],
    build: {
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});

// The renderer's own build: `vite build --config renderer/vite.config.ts` → out/renderer.
// electron-vite reuses `rendererConfig` for its renderer section; the web harness serves the same output.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type UserConfig } from 'vite';

export const rendererConfig: UserConfig = {
  root: import.meta.dirname,
  // Relative asset URLs: the same build loads from the xfer-app: scheme (Electron) and http:// (web mode).
  base: './',
  plugins: [svelte()],
  build: {
    // Relative to root.
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // Keep the CSP strict: no inline module preload polyfill script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
};

export default defineConfig(rendererConfig);

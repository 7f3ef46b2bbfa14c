import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The installable `xfer`: main/cli bundled to plain JavaScript in out/cli/, because Node refuses to strip
// types from files under node_modules (an installed package), and one bundle loads faster than hundreds of
// modules resolved at start. Pure-JavaScript dependencies are bundled in; only the keychain binding stays
// external (a native addon npm installs per platform). Chunks sit beside the entry, so code that finds
// package.json at '../../package.json' (main/cli/main.ts's version) finds it from out/cli/ too. Command
// modules stay separate chunks: `xfer --help` loads none of them.
const NATIVE = ['@napi-rs/keyring', 'bufferutil', 'utf-8-validate'];
// twitter-text requires 'punycode', which Node resolves to its deprecated built-in (DEP0040, a warning on
// every run of a bundle outside node_modules); 'punycode/' names the package it depends on instead.
const BUILTINS = builtinModules.filter((name) => name !== 'punycode');

export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: resolve('main/cli/entry.ts'),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node24',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      external: [...BUILTINS, /^node:/, ...NATIVE],
      output: {
        format: 'es',
        entryFileNames: 'xfer.js',
        chunkFileNames: '[name]-[hash].js',
        banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : ''),
      },
    },
  },
  resolve: {
    alias: [
      { find: /^punycode$/, replacement: 'punycode/' },
      // file-type's zip reader logs through `debug`; main/cli/silent-debug.ts says why it is left out.
      { find: /^debug$/, replacement: resolve('main/cli/silent-debug.ts') },
    ],
  },
  ssr: { noExternal: true, external: NATIVE },
});

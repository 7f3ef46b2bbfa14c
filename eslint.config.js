// One lint config for the whole repo. The rules that keep the architecture: nothing under
// main/core, main/cli, main/app, main/ipc or main/harness may import `electron` (the core runs in
// plain Node: CLI, tests, web harness; only the shell files at main/*.ts may); main/common/ imports
// nothing outside itself; the ledger stands on main/common/ only; the renderer imports from main
// only main/common/, the pure media rules and the contract's types. No import cycles anywhere
// (type-only imports included: a cycle of types still ties two modules into one).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

export const electronFreeFiles = ['main/core/**', 'main/cli/**', 'main/app/**', 'main/ipc/**', 'main/harness/**'];
const noElectron = { name: 'electron', message: 'Core code must stay Electron-free: pass what you need in as a port.' };
const noElectronSubpath = { group: ['electron/*'], message: 'Core code must stay Electron-free.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', 'bench/work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['main/**/*.ts', 'renderer/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['renderer/**/*.{ts,svelte}', 'renderer/**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: electronFreeFiles,
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noElectronSubpath] }] },
  },
  {
    // The ledger is the bottom of core: it stands on main/common/ and nothing above it.
    files: ['main/core/ledger/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            noElectronSubpath,
            {
              regex: '^\\.\\./(?!\\.\\./common/)',
              message: 'The ledger imports only main/common/ and its own folder: pass anything else in.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure and environment-neutral: what core, the contract, the CLI and the renderer agree on.
    files: ['main/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // twitter-text: X's own pure text-weighting rules (posts.ts); nothing else from outside.
              regex: '^(?!\\./|twitter-text$)',
              message: 'main/common/ imports only main/common/ (and twitter-text): no node:, nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'electron/*'],
              message: 'The renderer talks to main only through window.xfer (api.ts).',
            },
            {
              // The pure media rules: rules and validate (media), and the conversion planner built on them.
              regex: '/main/(?!common/|core/media/(rules|validate)\\.ts$|core/convert/plan\\.ts$|ipc/contract\\.ts$)',
              message:
                'The renderer imports from main only main/common/, the pure media rules (and plan) and the contract.',
            },
            {
              regex: '/main/ipc/contract\\.ts$',
              allowTypeImports: true,
              message: 'The renderer takes only types from the contract; it calls main through api.ts.',
            },
          ],
        },
      ],
    },
  },
);

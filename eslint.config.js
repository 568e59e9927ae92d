import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'net', 'http', 'ws', 'fastify', 'better-sqlite3', 'pg'];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bundle/**',
      // Generated (agent/scripts/gen-validators.mjs).
      '**/*.gen.ts',
      '**/node_modules/**',
      'data/**',
      'test-artifacts/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: globals.node,
    },
  },
  {
    // The store port is asynchronous: a promise tested as a value, or passed where a callback's
    // result is ignored, is a bug.
    files: ['server/src/**/*.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The protocol and pure domain logic: no I/O, no transports, no drivers.
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodeOnly }] },
  },
  {
    files: ['console/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...nodeOnly, '@wardwatch/server', '@wardwatch/agent', '**/server/**'] },
      ],
    },
  },
  {
    // Routes and ingest speak to the Store port, never to an adapter.
    files: [
      'server/src/routes/**/*.ts',
      'server/src/ingest/**/*.ts',
      'server/src/services/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['better-sqlite3', 'pg', '**/store/sqlite/**', '**/store/postgres/**'] },
      ],
    },
  },
);

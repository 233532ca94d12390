// ESLint flat config. Formatting is Prettier's alone (`npm run format`); this file is about correctness.
// typescript-eslint's plain `recommended` preset, not the type-checked one: it needs no type information, so
// `npm run lint` stays fast on a 2-core machine (`npm run typecheck` does the type checking).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/dist/', '**/coverage/', '**/test-results/', 'bench/.cache/', 'bench/results/', '**/node_modules/', 'data/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],

  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
  {
    files: ['client/**', 'test/client/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // `<script setup lang="ts">`: vue-eslint-parser (from the Vue preset) hands the script to the TypeScript parser.
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
    rules: {
      // As for .ts files (typescript-eslint turns it off there): TypeScript (vue-tsc) already reports undefined
      // names, and no-undef does not know type-only names or the compiler macros of <script setup>.
      'no-undef': 'off',
    },
  },

  {
    // Every text a person reads comes from the message catalogues (client/**/messages.ts), in five languages.
    // Template expressions ({{ ok ? 'Yes' : 'No' }}) are checked by test/i18n/source-checks.test.ts.
    files: ['client/**/*.vue'],
    rules: { 'vue/no-bare-strings-in-template': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          // `const { _id, createdAt, ...fields } = doc` is how the code drops fields from a document.
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // The client reports unreadable socket payloads with console.error; anything else is a left-over debug print.
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Command-line tools, benchmarks and tests print to the terminal on purpose.
    files: ['server/**/*-cli.ts', 'server/**/cli.ts', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The MongoDB spec-test runner drives the driver with schemaless JSON from the spec files and reads back untyped
    // driver results: `any` is the honest type there (typing it would mean re-declaring the driver's whole API).
    files: ['bench/fidelity/crud-unified.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // Last: turns off every rule that would fight Prettier over formatting (including eslint-plugin-vue's layout rules).
  eslintConfigPrettier,
);

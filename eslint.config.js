// Lint with typescript-eslint's type-checked rules; layout is Prettier's (eslint-config-prettier turns off the
// rules it owns), so a review talks about design.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', '**/dist/', '**/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A floating promise is a lost error, and a misused one runs out of order: the two bugs that cost most.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      // A subscription a callback cancels is declared before the callback and assigned after it.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An async method that implements a Promise-returning contract need not await anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read back JSON, HDF5 (through Python) and Parquet and assert on the shape they find; typing every
    // read-back would only restate the assertions.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
);

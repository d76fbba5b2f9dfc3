// One linter for the whole workspace: ESLint's and typescript-eslint's recommended rules, with
// the few exceptions this code base relies on spelled out below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '**/*.cjs', '.codesync/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused arguments named with a leading underscore document a required signature.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Control characters are matched on purpose when validating untrusted input.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read untyped JSON fixtures and job data.
    files: ['**/test/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

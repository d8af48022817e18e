// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Config is parsed once in shared/src/config.ts; nothing else reads the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'use loadConfig() from shared/src/config.ts' },
      ],
    },
  },
  {
    files: [
      'shared/src/config.ts',
      'shared/src/runtime/context.ts',
      'tests/**',
      'bench/**',
      'infra/**',
      '**/*.test.ts',
      '**/cli/**',
      '**/cli.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);

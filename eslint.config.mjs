import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/.run/**', 'test/fixtures/**', 'test/fuzz/seeds/**', 'test/fuzz/regressions/**', 'examples/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core runs everywhere: no editor, no Node built-ins, no DOM.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must stay free of vscode.' }],
          patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'util'], message: 'src/core must not use Node built-ins.' }],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require'],
    },
  },
);

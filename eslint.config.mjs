import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // packages/core is pure: no database, HTTP, clock or environment.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'http', 'os', 'child_process'], message: 'packages/core has no I/O.' },
            { group: ['pg', '@electric-sql/*', '@gridvoice/db', 'fastify', 'fastify-*', '@fastify/*', 'react', 'antd'], message: 'packages/core is pure rules and contracts.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'packages/core reads no environment.' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pass the time in: packages/core has no clock.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass the time in: packages/core has no clock.' },
      ],
    },
  },
  {
    // SQL lives only in repositories (and the db package, migrations and test factories).
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/**/*.repository.ts', 'apps/server/src/**/*.test.ts', 'apps/server/src/cli.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='query'] > TemplateLiteral:first-child", message: 'SQL belongs in a *.repository.ts file.' },
        { selector: "CallExpression[callee.property.name='query'] > Literal:first-child[value=/^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)/i]", message: 'SQL belongs in a *.repository.ts file.' },
      ],
    },
  },
);

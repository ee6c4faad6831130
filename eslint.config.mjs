// Lint: module boundaries between Nx projects, plus limits that keep functions small (STYLE.md).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const services = ['gateway', 'auth', 'registry', 'provisioning', 'sync', 'cost', 'kube-sim'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tmp/**', '.nx/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // an app never imports another app; libs never import apps; only the e2e suite starts apps
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', 'type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // contracts hold only shapes: they depend on nothing else of ours
            { sourceTag: 'kind:contracts', onlyDependOnLibsWithTags: ['kind:contracts'] },
            // shared libs stay shared; a service's code reaches only shared libs and its own scope
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', ...services.map((s) => `scope:${s}`)] },
            ...services.map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: ['scope:shared', `scope:${s}`] })),
          ],
        },
      ],
      complexity: ['error', 10],
      'max-depth': ['error', 3],
      'max-params': ['error', 4],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // tests, scripts and benches may print and may be long-winded
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off', complexity: 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

// ESLint for the web tree: JavaScript's and typescript-eslint's recommended rules, type-aware
// where TypeScript is. Formatting is Prettier's (npm run lint checks both); import cycles are
// madge's (npm run cycles), which follows type-only imports too.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/', 'shared/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The build configs are outside tsconfig.json's program (they run in Node, not the browser).
        projectService: { allowDefaultProject: ['portal/vite.config.ts', 'admin/vite.config.ts', 'vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.browser },
    },
  },
  {
    files: ['tests/**'],
    rules: {
      // Stand-ins for fetch and the API are async so that a throw inside becomes a rejection, as from the real thing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Node scripts, the journeys and the configs: plain JavaScript run by Node (the journeys
    // also hand functions to the browser), not part of the TypeScript project.
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The build writes the app shell's file list and version in place of these two names.
    files: ['portal/service-worker.js'],
    languageOptions: { globals: { ...globals.serviceworker, __SHELL__: 'readonly', __VERSION__: 'readonly' } },
  },
);

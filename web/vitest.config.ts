import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Tests may read the API's sources (the audit actions it records) from the repository root.
  server: { fs: { allow: ['..'] } },
  test: { include: ['tests/**/*.test.ts?(x)'], environment: 'node' },
});

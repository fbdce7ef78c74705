import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    setupFiles: ['tests/support/failOnConsole.ts'],
    reporters: ['default', './tests/support/plainSummaryReporter.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Fails a test during which a promise rejection went unhandled (issue 16).
    setupFiles: ['test/setup/unhandled-rejection.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // e2e tests spawn the built binary and servers; two cores: keep parallelism modest.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['src/lib/**/*.ts'],
      reporter: ['text-summary', 'text', 'json-summary', 'html'],
      thresholds: { lines: 80 },
    },
  },
});

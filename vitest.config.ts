import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'actions/*/test/**/*.test.ts'],
    reporters: ['default', './test/support/counts-reporter.ts'],
    setupFiles: ['./test/support/load-yaml.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    server: { deps: { inline: [/@actions\/(languageservice|workflow-parser|expressions)/] } },
  },
});

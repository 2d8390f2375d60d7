import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests start Chromium and a server each; keep the 2-core CI machine from thrashing.
    maxWorkers: 2,
  },
})

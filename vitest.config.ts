import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests start Chromium and a server each; keep the 2-core CI machine from thrashing.
    maxWorkers: 2,
    // expect.poll waits for what a person would wait for; on a busy machine that takes longer than
    // vitest's default second, and a passing poll returns as soon as it holds.
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
})

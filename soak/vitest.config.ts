import { defineConfig } from 'vitest/config'

/** The soaks: long runs outside `npm test` (`npm run soak:honest`). */
export default defineConfig({
  test: {
    include: ['soak/**/*.soak.ts'],
    pool: 'forks',
    testTimeout: 3 * 60 * 60_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
})

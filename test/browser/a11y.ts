/**
 * Accessibility checks for the browser tests: axe-core run inside the page as it stands.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import type { AxeResults, RunOptions } from 'axe-core'

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  targets: string[]
  /** axe's summary for the first element (the measured contrast, for colour-contrast). */
  firstFailure: string
}

/**
 * Runs every axe rule (WCAG 2.x A and AA, and axe's best practices) on the whole page and
 * returns what it found, one entry per rule.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Pages are replaced by navigation, so the script goes into each page that is checked; through
  // evaluate, as the page's CSP refuses inline <script> tags (addScriptTag).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'))
  const options: RunOptions = { resultTypes: ['violations'] }
  return page.evaluate(async (opts) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe
    const results = await axe.run(document, opts)
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      firstFailure: v.nodes[0]?.failureSummary ?? '',
    }))
  }, options)
}

/** One line per violation: its rule, impact, help and the first few elements it was found on. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const shown = v.targets.slice(0, 5).join(', ')
      const more = v.targets.length > 5 ? ` and ${v.targets.length - 5} more` : ''
      return `${v.id} (${v.impact}): ${v.help} — ${v.targets.length} element(s): ${shown}${more}\n    ${v.firstFailure.replace(/\n/g, '\n    ')}`
    })
    .join('\n')
}

export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations.length, `axe-core on ${what}:\n${describeViolations(violations)}\n`).toBe(0)
}

/**
 * Who is here (SPEC P8): three people in three browser contexts see each other live, with
 * delegation, role and the paragraph each is in; observers apart; a closed page leaves the list.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { caretAtEndOf, newParticipant, openDocument, useServerAndBrowser } from './harness.ts'
import { expectNoAxeViolations } from './a11y.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

/** The text of the entry for `name` in the group `group` of the page's panel, or null. */
function entry(page: Page, group: 'here' | 'observers', name: string): Promise<string | null> {
  return page.evaluate(
    ({ g, n }) => {
      const li = document.querySelector(`section.presence .presence-${g} li[data-name="${CSS.escape(n)}"]`)
      return li ? (li.textContent ?? '').trim() : null
    },
    { g: group, n: name },
  )
}

/** The names listed in the panel, in order. */
function names(page: Page): Promise<string[]> {
  return page.$$eval('section.presence li', (items) => items.map((li) => (li as HTMLElement).dataset.name ?? ''))
}

describe('who is here', () => {
  it('[P8] three people see each other live, with delegation, role and paragraph; observers apart; leaving removes them', async () => {
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Presence Chair', 'Mexico')
    const member = await newParticipant(env.browser, env.server, 'member', 'Presence Member', 'Kenya')
    const observer = await newParticipant(env.browser, env.server, 'observer', 'Presence Observer', 'ISOC')
    try {
      for (const p of [chair, member, observer]) await openDocument(p.page, DOC)

      // Each one sees the other two, and themselves as "You".
      for (const p of [chair.page, member.page, observer.page]) {
        await expect.poll(() => entry(p, 'here', 'Presence Chair')).toMatch(/Presence Chair.*Mexico, Chair/)
        await expect.poll(() => entry(p, 'here', 'Presence Member')).toMatch(/Presence Member.*Kenya, Member/)
        await expect.poll(() => entry(p, 'observers', 'Presence Observer')).toMatch(/Presence Observer.*ISOC, Observer/)
        expect(await entry(p, 'here', 'Presence Observer'), 'the observer is not listed with the participants').toBeNull()
      }
      expect(await entry(chair.page, 'here', 'Presence Chair')).toMatch(/^You \(Presence Chair\)/)
      expect(await chair.page.textContent('section.presence .presence-here h3')).toMatch(/^Here now \(\d+\)$/)
      await expect.poll(() => observer.page.textContent('section.presence .presence-observers h3')).toBe('Observers (1)')
      await expect.poll(() => entry(chair.page, 'here', 'Presence Member')).toContain('not in the text')

      await caretAtEndOf(member.page, 'r-demo-b3')
      await expect.poll(() => entry(chair.page, 'here', 'Presence Member')).toMatch(/ · in B\.3$/)
      await expect.poll(() => entry(observer.page, 'here', 'Presence Member')).toMatch(/ · in B\.3$/)
      await caretAtEndOf(member.page, 'r-demo-c1')
      await expect.poll(() => entry(chair.page, 'here', 'Presence Member')).toMatch(/ · in C\.1$/)

      // On the chair's page, which shows the member's caret with its name (black or white on the
      // member's colour, whichever reads: shared/colors.ts textOn).
      await expect.poll(() => entry(member.page, 'observers', 'Presence Observer')).not.toBeNull()
      await expect.poll(() => chair.page.locator('.remote-caret-label', { hasText: 'Presence Member' }).count()).toBe(1)
      await expectNoAxeViolations(chair.page, 'editor with presence and a remote caret')

      await member.page.close()
      await expect.poll(() => names(chair.page)).not.toContain('Presence Member')
      expect(await names(chair.page)).toEqual(expect.arrayContaining(['Presence Chair', 'Presence Observer']))
    } finally {
      await chair.context.close()
      await member.context.close()
      await observer.context.close()
    }
  })

  it('[P8] a person with two windows is listed once, with both counted', async () => {
    const a = await newParticipant(env.browser, env.server, 'member', 'Presence Twice', 'Brazil')
    const b = await newParticipant(env.browser, env.server, 'member', 'Presence Watcher', 'Japan')
    try {
      await openDocument(a.page, DOC)
      const second = await a.context.newPage()
      await openDocument(second, DOC)
      await openDocument(b.page, DOC)
      await expect.poll(() => entry(b.page, 'here', 'Presence Twice')).toMatch(/Brazil, Member \(2 windows\)/)
      await expect.poll(() => entry(a.page, 'here', 'Presence Twice')).toMatch(/^You \(Presence Twice\).*\(2 windows\)/)
      expect((await names(b.page)).filter((n) => n === 'Presence Twice')).toHaveLength(1)

      // A paragraph inserted above moves B.3 down: the panel follows the new number.
      await caretAtEndOf(second, 'r-demo-b3')
      await expect.poll(() => entry(b.page, 'here', 'Presence Twice')).toMatch(/ · in B\.3$/)
      await caretAtEndOf(b.page, 'r-demo-b2')
      await b.page.keyboard.press('Enter')
      await b.page.keyboard.type('A new paragraph.')
      await expect.poll(() => entry(b.page, 'here', 'Presence Twice')).toMatch(/ · in B\.4$/)

      await second.close()
      await expect.poll(() => entry(b.page, 'here', 'Presence Twice')).not.toContain('windows')
    } finally {
      await a.context.close()
      await b.context.close()
    }
  })
})

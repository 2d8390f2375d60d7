/**
 * Accessibility of every page as each role sees it (SPEC U1): axe-core finds no violation,
 * a skip link leads from the first Tab stop into the text, and what has focus shows it.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Role } from '../../shared/roles.ts'
import { newParticipant, openDocument, useServerAndBrowser } from './harness.ts'
import { expectNoAxeViolations } from './a11y.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

const EDITOR = { path: `/documents/${DOC}`, ready: '.ProseMirror .recommendation' }
const LIST = { path: '/', ready: '.document-list a' }
const MEMBERS = `/members`
const RECORDS = `/documents/${DOC}/records`

/** The pages each role can open, each with what shows it has finished drawing. */
const PAGES: Record<Role, Array<{ path: string; ready: string }>> = {
  chair: [LIST, EDITOR, { path: MEMBERS, ready: 'table.members tbody tr' }, { path: RECORDS, ready: 'table.audit tbody tr' }],
  secretariat: [LIST, EDITOR, { path: MEMBERS, ready: 'table.members tbody tr' }, { path: RECORDS, ready: 'table.audit tbody tr' }],
  // Typed into the address bar, the chair's pages tell the others they are not theirs.
  member: [LIST, EDITOR, { path: MEMBERS, ready: 'main .error' }, { path: RECORDS, ready: 'main .error' }],
  observer: [LIST, EDITOR, { path: MEMBERS, ready: 'main .error' }, { path: RECORDS, ready: 'main .error' }],
}

/** What has focus now: its tag, class, text and whether it shows a ring (an outline of 2px or more, or a shadow). */
function focused(page: Page): Promise<{ tag: string; className: string; text: string; ring: boolean } | null> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return null
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    return { tag: el.tagName, className: el.className, text: (el.textContent ?? '').trim(), ring: outline || style.boxShadow !== 'none' }
  })
}

describe('accessibility', () => {
  for (const role of Object.keys(PAGES) as Role[]) {
    it(`[U1] axe-core finds no violation on the pages a ${role} opens`, async () => {
      const { context, page } = await newParticipant(env.browser, env.server, role, `A11y ${role}`, 'Kenya')
      try {
        for (const { path, ready } of PAGES[role]) {
          await page.goto(path)
          await page.waitForSelector(ready, { timeout: 15_000 })
          await expectNoAxeViolations(page, `${path} as ${role}`)
        }
      } finally {
        await context.close()
      }
    })
  }

  it('[U1] the sign-in pages have no violation', async () => {
    const context = await env.browser.newContext({ baseURL: env.server.httpUrl })
    const page = await context.newPage()
    try {
      await page.goto('/join#bad-token')
      await page.waitForSelector('.signed-out .form-error:not([hidden])')
      await expectNoAxeViolations(page, 'a refused sign-in link')
      await page.goto('/join')
      await page.waitForSelector('.signed-out .form-error:not([hidden])')
      await expectNoAxeViolations(page, 'an incomplete sign-in link')
      await page.goto('/')
      await page.waitForSelector('.signed-out')
      await expectNoAxeViolations(page, 'the signed-out page')
    } finally {
      await context.close()
    }
  })

  it('[U1] the editor with a reservation being asked, then recorded, and comments open and resolved has no violation', async () => {
    const member = await newParticipant(env.browser, env.server, 'member', 'A11y Reserver', 'Brazil')
    const observer = await newParticipant(env.browser, env.server, 'observer', 'A11y Reader', 'ISOC')
    try {
      await openDocument(member.page, DOC)
      await member.page.click('.recommendation[data-id="r-demo-a1"] .reservation-toggle')
      await member.page.waitForSelector('dialog.ask-text[open]')
      await expectNoAxeViolations(member.page, 'the reservation dialog')
      await member.page.click('dialog.ask-text button[value="ok"]')
      await member.page.waitForSelector('.recommendation[data-id="r-demo-a1"] .reservation')

      // Two threads from the page itself (its cookie, its origin); the second one resolved.
      await member.page.evaluate(async (doc) => {
        const post = async (path: string, method: string, body: unknown): Promise<{ thread: { id: string } }> => {
          const res = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
          if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`)
          return res.json()
        }
        const base = `/api/documents/${doc}/comments`
        await post(base, 'POST', { paragraphId: 'r-demo-a2', anchor: null, quote: '', text: 'Which institutions?' })
        const { thread } = await post(base, 'POST', { paragraphId: 'r-demo-a3', anchor: null, quote: '', text: 'Settled in the corridor.' })
        await post(`${base}/${thread.id}/resolution`, 'PUT', { resolved: true })
      }, DOC)
      for (const page of [member.page, observer.page]) {
        if (page === observer.page) await openDocument(page, DOC)
        await page.check('.comments-filter input')
        await page.waitForSelector('.comment-thread.resolved')
        await page.waitForSelector('.recommendation[data-id="r-demo-a1"] .reservation')
        await expectNoAxeViolations(page, `the editor with a reservation and comments as ${page === observer.page ? 'observer' : 'member'}`)
      }
    } finally {
      await member.context.close()
      await observer.context.close()
    }
  })

  it('[U1] the first Tab stop of the editor is a skip link into the text, which then shows its focus', async () => {
    const { context, page } = await newParticipant(env.browser, env.server, 'member', 'Keyboard User', 'Kenya')
    try {
      await openDocument(page, DOC)
      const text = page.locator('.ProseMirror')
      expect(await text.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none')

      await page.keyboard.press('Tab')
      expect(await focused(page)).toMatchObject({ tag: 'A', text: 'Skip to the document text', ring: true })
      const box = await page.locator('.skip-link').boundingBox()
      expect(box && box.y >= 0 && box.height > 0, 'the focused skip link is on screen').toBe(true)

      await page.keyboard.press('Enter')
      await expect.poll(() => text.evaluate((el) => el === document.activeElement)).toBe(true)
      expect((await focused(page))?.ring, 'the focused text has a focus ring').toBe(true)
    } finally {
      await context.close()
    }
  })

  it('[U1] for an observer, whose text takes no focus, the skip link leads the next Tab stop into the text', async () => {
    const { context, page } = await newParticipant(env.browser, env.server, 'observer', 'Keyboard Observer', 'ISOC')
    try {
      await openDocument(page, DOC)
      await page.keyboard.press('Tab')
      expect(await focused(page)).toMatchObject({ tag: 'A', text: 'Skip to the document text' })
      await page.keyboard.press('Enter')
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#document-text')
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.closest('.ProseMirror') != null), 'the Tab after the skip link is inside the text').toBe(true)
    } finally {
      await context.close()
    }
  })

  it('[U1] pages without the text have no skip link to it; buttons reached by keyboard show their focus', async () => {
    const { context, page } = await newParticipant(env.browser, env.server, 'chair', 'Keyboard Chair', 'Mexico (Chair)')
    try {
      await page.waitForSelector(LIST.ready)
      await page.keyboard.press('Tab')
      expect(await focused(page)).toMatchObject({ tag: 'A', text: 'Accord' })

      await openDocument(page, DOC)
      await page.focus('.standing-filter input')
      await page.keyboard.press('Tab')
      expect(await focused(page)).toMatchObject({ tag: 'BUTTON', className: expect.stringContaining('standing-paragraph'), ring: true })
      await page.keyboard.press('Shift+Tab')
      expect(await focused(page)).toMatchObject({ tag: 'INPUT', ring: true })
    } finally {
      await context.close()
    }
  })
})

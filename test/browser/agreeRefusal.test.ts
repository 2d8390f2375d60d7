/**
 * The chair who tries to agree a paragraph that still holds brackets is told why in the page,
 * which brackets and whose, from the paragraph's button, the toolbar and the shortcut alike; a
 * control that does not apply says why (SPEC R3, R7).
 */
import { describe, expect, it } from 'vitest'
import { caretAtEndOf, newParticipant, openDocument, useServerAndBrowser } from './harness.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()
const WHY = /Cannot agree A\.1: the paragraph still holds a bracket group: \[shall \(G77 and China\) \/ should \(European Union, United States\)\]; clean them first/

describe('the chair is told why a paragraph cannot be agreed', () => {
  it('[R3][R7][U2] from the button, the toolbar and the shortcut: which brackets, by whom', async () => {
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Elena Ruiz', 'Mexico (Chair)')
    const page = chair.page
    await openDocument(page, DOC)
    const notice = (): Promise<string | null> => page.textContent('.notice[role="alert"]')

    // The paragraph's own Agree button stays reachable and says why it does not apply.
    const button = page.locator('.recommendation[data-id="r-demo-a1"] .chair-action-agree')
    expect(await button.getAttribute('aria-disabled')).toBe('true')
    expect(await button.getAttribute('aria-description')).toMatch(WHY)
    await button.click({ force: true }) // Playwright counts aria-disabled as disabled; a person can press it
    await expect.poll(notice).toMatch(WHY)
    await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('.notice[role="alert"]')!
      el.textContent = ''
    })

    // The toolbar's Agree, with the cursor in A.1.
    await caretAtEndOf(page, 'r-demo-a1')
    const toolbar = page.locator('.draft-action-status-agree')
    await expect.poll(() => toolbar.getAttribute('aria-disabled')).toBe('true')
    expect(await toolbar.getAttribute('title')).toMatch(WHY)
    await toolbar.click({ force: true })
    await expect.poll(notice).toMatch(WHY)
    await page.evaluate(() => {
      document.querySelector<HTMLElement>('.notice[role="alert"]')!.textContent = ''
    })

    // The shortcut.
    await caretAtEndOf(page, 'r-demo-a1')
    await page.keyboard.press('Control+Alt+g')
    await expect.poll(notice).toMatch(WHY)
    expect(await page.getAttribute('.recommendation[data-id="r-demo-a1"]', 'data-status')).toBe('bracketed')

    // A clean paragraph is agreed by the same button.
    await expect.poll(() => page.getAttribute('.recommendation[data-id="r-demo-b3"] .chair-action-agree', 'aria-disabled')).toBe(null)
    await page.click('.recommendation[data-id="r-demo-b3"] .chair-action-agree')
    await expect.poll(() => page.getAttribute('.recommendation[data-id="r-demo-b3"]', 'data-status')).toBe('agreed')
    // A drafting action that does not apply says what it needs.
    await caretAtEndOf(page, 'r-demo-c3')
    expect(await page.getAttribute('.draft-action-bracket', 'title')).toMatch(/select words/)
    await chair.context.close()
  })
})

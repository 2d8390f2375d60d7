/**
 * Drafting in the browser (SPEC D2, D6, R12, C7): a member brackets text with the toolbar, the
 * other screens and their status panels follow live, a member cannot remove brackets, the
 * secretariat cleans them, and the chair agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { caretAtEndOf, launchBrowser, newParticipant, openDocument, startServerWithClient } from './harness.ts'
import type { TestServer } from '../helpers/testServer.ts'

const DOC = 'wgec-rolling'
let server: TestServer
let browser: Browser

beforeAll(async () => {
  server = await startServerWithClient()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const leftInTopic = (page: Page, letter: string): Promise<string | null> =>
  page.getAttribute(`.standing-topic[data-topic="${letter}"] .standing-left`, 'data-left')
const statusOf = (page: Page, id: string): Promise<string | null> => page.getAttribute(`.recommendation[data-id="${id}"]`, 'data-status')

/** Selects the last `n` characters of a paragraph, as a person would with Shift+Left. */
async function selectEnd(page: Page, id: string, n: number): Promise<void> {
  await caretAtEndOf(page, id)
  await page.keyboard.down('Shift')
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowLeft')
  await page.keyboard.up('Shift')
}

describe('drafting in the browser', () => {
  it('[D2][D6][R12][C7] bracket with the toolbar, follow live, only the secretariat cleans, the chair agrees', async () => {
    const member = await newParticipant(browser, server, 'member', 'Amina Diallo', 'Kenya')
    const other = await newParticipant(browser, server, 'member', 'Lukas Meier', 'Switzerland')
    const secretariat = await newParticipant(browser, server, 'secretariat', 'Tomás Okafor', 'Secretariat')
    const chair = await newParticipant(browser, server, 'chair', 'Elena Ruiz', 'Mexico (Chair)')
    for (const p of [member.page, other.page, secretariat.page, chair.page]) await openDocument(p, DOC)
    await expect.poll(() => leftInTopic(other.page, 'A')).toBe('4')
    expect(await statusOf(other.page, 'r-demo-a2')).toBe('proposed')

    // A member brackets "them." in A.2 with the toolbar; everyone sees it under negotiation.
    await selectEnd(member.page, 'r-demo-a2', 5)
    await member.page.click('.draft-action-bracket')
    await expect.poll(() => statusOf(other.page, 'r-demo-a2')).toBe('bracketed')
    expect(await other.page.textContent('.recommendation[data-id="r-demo-a2"] .bracket')).toContain('them.')
    await expect
      .poll(() => other.page.textContent('.standing-topic[data-topic="A"] .standing-counts'))
      .toContain('4 bracket groups')

    // The other member cannot remove it: the editor says why, nothing changes anywhere.
    expect(await other.page.locator('.draft-action-unbracket').count()).toBe(0)
    await caretAtEndOf(other.page, 'r-demo-a2')
    await selectEnd(other.page, 'r-demo-a2', 12)
    await other.page.keyboard.press('Backspace')
    await expect.poll(() => other.page.textContent('.notice[role="alert"]')).toContain('Only the chair and the secretariat remove brackets')
    expect(await statusOf(chair.page, 'r-demo-a2')).toBe('bracketed')

    // The secretariat cleans it; the chair agrees the clean paragraph; panels follow.
    await caretAtEndOf(secretariat.page, 'r-demo-a2')
    await secretariat.page.keyboard.press('ArrowLeft')
    await secretariat.page.click('.draft-action-unbracket')
    await expect.poll(() => statusOf(chair.page, 'r-demo-a2')).toBe('proposed')
    await chair.page.click('.recommendation[data-id="r-demo-a2"] .chair-action-agree')
    for (const p of [member.page, other.page]) {
      await expect.poll(() => statusOf(p, 'r-demo-a2')).toBe('agreed')
      await expect.poll(() => leftInTopic(p, 'A')).toBe('3')
    }
    expect(server.server.store.listQuarantine(DOC)).toEqual([])
    for (const c of [member, other, secretariat, chair]) await c.context.close()
  })
})

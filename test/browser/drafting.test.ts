/**
 * Drafting in the browser (SPEC D2, D6, R12, C7, C8): a member brackets text with the toolbar,
 * the other screens and their status panels follow live, a member cannot remove brackets, the
 * secretariat cleans them, the chair agrees, and a delegation records a reservation.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { newParticipant, openDocument, selectText, selectWholeParagraph, useServerAndBrowser } from './harness.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

const leftInTopic = (page: Page, letter: string): Promise<string | null> =>
  page.getAttribute(`.standing-topic[data-topic="${letter}"] .standing-left`, 'data-left')
const statusOf = (page: Page, id: string): Promise<string | null> => page.getAttribute(`.recommendation[data-id="${id}"]`, 'data-status')


describe('drafting in the browser', () => {
  it('[D2][D6][R12][C7][C8] bracket with the toolbar, follow live, only the secretariat cleans, the chair agrees, a reservation', async () => {
    const member = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    const other = await newParticipant(env.browser, env.server, 'member', 'Lukas Meier', 'Switzerland')
    const secretariat = await newParticipant(env.browser, env.server, 'secretariat', 'Tomás Okafor', 'Secretariat')
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Elena Ruiz', 'Mexico (Chair)')
    for (const p of [member.page, other.page, secretariat.page, chair.page]) await openDocument(p, DOC)
    await expect.poll(() => leftInTopic(other.page, 'A')).toBe('4')
    expect(await statusOf(other.page, 'r-demo-a2')).toBe('proposed')

    // A member brackets "them." in A.2 with the toolbar; everyone sees it under negotiation.
    await selectText(member.page, 'r-demo-a2', 'them.')
    await member.page.click('.draft-action-bracket', { force: true })
    await expect.poll(() => statusOf(other.page, 'r-demo-a2')).toBe('bracketed')
    expect(await other.page.textContent('.recommendation[data-id="r-demo-a2"] .bracket')).toContain('them.')
    await expect
      .poll(() => other.page.textContent('.standing-topic[data-topic="A"] .standing-counts'))
      .toContain('4 bracket groups')

    // The other member cannot remove it: the editor says why, nothing changes anywhere.
    expect(await other.page.locator('.draft-action-unbracket').count()).toBe(0)
    await selectWholeParagraph(other.page, 'r-demo-a2')
    await other.page.keyboard.press('Backspace')
    await expect.poll(() => other.page.textContent('.notice[role="alert"]')).toContain('Only the chair and the secretariat clean brackets and alternatives')
    expect(await statusOf(chair.page, 'r-demo-a2')).toBe('bracketed')

    // The secretariat cleans it; the chair agrees the clean paragraph; panels follow.
    await expect.poll(() => statusOf(secretariat.page, 'r-demo-a2')).toBe('bracketed')
    await selectText(secretariat.page, 'r-demo-a2', 'them')
    await secretariat.page.click('.draft-action-unbracket', { force: true })
    await expect.poll(() => statusOf(chair.page, 'r-demo-a2')).toBe('proposed')
    await chair.page.click('.recommendation[data-id="r-demo-a2"] .chair-action-agree', { force: true })
    for (const p of [member.page, other.page]) {
      await expect.poll(() => statusOf(p, 'r-demo-a2')).toBe('agreed')
      await expect.poll(() => leftInTopic(p, 'A')).toBe('3')
    }
    // Kenya records a reservation on the agreed paragraph: a footnote on every screen (C8).
    await member.page.click('.recommendation[data-id="r-demo-a2"] .reservation-toggle', { force: true })
    await member.page.click('dialog.ask-text button[value="ok"]', { force: true })
    await expect
      .poll(() => other.page.textContent('.recommendation[data-id="r-demo-a2"] .reservation'))
      .toContain('Kenya reserves its position')
    expect(await member.page.textContent('.recommendation[data-id="r-demo-a2"] .reservation-toggle')).toBe('Withdraw reservation')
    expect(await statusOf(other.page, 'r-demo-a2')).toBe('agreed')
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    for (const c of [member, other, secretariat, chair]) await c.context.close()
  })
})

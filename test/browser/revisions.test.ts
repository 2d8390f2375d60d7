/**
 * Revisions as the room meets them (SPEC V1, V3, V5, V6): the chair issues Rev.1 from the page,
 * everyone is told at once, a paragraph added afterwards is "B.2 bis" while B.3 stays B.3, and a
 * member reads the changes since Rev.1.
 */
import { describe, expect, it } from 'vitest'
import { caretAtEndOf, newParticipant, openDocument, useServerAndBrowser } from './harness.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

describe('revisions in the browser', () => {
  it('[V1][V3][V5][V6] the chair issues Rev.1; the member is told, numbers hold, and the changes since show', async () => {
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Chair Ruiz', 'Mexico (Chair)')
    const member = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    await openDocument(chair.page, DOC)
    await openDocument(member.page, DOC)
    await expect.poll(() => member.page.getAttribute('.connection', 'data-status')).toBe('connected')

    // Only the chair and the secretariat get the form.
    await member.page.click('details.revisions summary')
    expect(await member.page.locator('.revision-issue').count()).toBe(0)
    expect(await member.page.textContent('.revision-current')).toContain('No revision issued yet')

    await chair.page.click('details.revisions summary')
    await expect.poll(() => chair.page.inputValue('.revision-symbol')).toBe('Rev.1')
    await chair.page.fill('.revision-symbol', 'WGEC/2014/CRP.1/Rev.1')
    await chair.page.fill('.revision-note-input', 'Reflects Monday')
    await chair.page.getByRole('button', { name: 'Issue revision' }).click()

    // Everyone connected learns it at once, in the room's words.
    await expect.poll(() => member.page.textContent('.notice[role="alert"]')).toContain('Rev.1 (WGEC/2014/CRP.1/Rev.1) issued by the chair.')
    await expect.poll(() => member.page.locator('.revision-list li').count()).toBe(1)
    expect(await member.page.textContent('.revision-list li')).toContain('Reflects Monday')
    await expect.poll(() => chair.page.inputValue('.revision-symbol')).toBe('WGEC/2014/CRP.1/Rev.2')

    // A paragraph proposed after B.2 is B.2 bis; B.3 keeps its number.
    await caretAtEndOf(member.page, 'r-demo-b2')
    await member.page.keyboard.press('Enter')
    await member.page.keyboard.type('Capacity building for all.')
    const added = member.page.locator('.recommendation', { hasText: 'Capacity building for all.' })
    await expect.poll(() => added.getAttribute('data-number')).toBe('B.2 bis')
    expect(await member.page.getAttribute('.recommendation[data-id="r-demo-b3"]', 'data-number')).toBe('B.3')
    await expect
      .poll(() => chair.page.locator('.recommendation', { hasText: 'Capacity building for all.' }).getAttribute('data-number'))
      .toBe('B.2 bis')

    // The changes since Rev.1: the new paragraph, its words inserted.
    await member.page.getByRole('button', { name: 'Changes since Rev.1' }).click()
    const change = member.page.locator('.comparison-paragraph.change-added')
    await expect.poll(() => change.count()).toBe(1)
    expect(await change.locator('.comparison-head').textContent()).toContain('B.2 bis')
    expect(await change.locator('ins').textContent()).toContain('Capacity building for all.')
    expect(await member.page.textContent('.comparison-summary')).toContain('1 added')
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    await chair.context.close()
    await member.context.close()
  })
})

/**
 * Revisions as the room meets them (SPEC V1, V3, V5, V6): the chair issues Rev.1 from the page,
 * everyone is told at once, a paragraph added afterwards is "B.2 bis" while B.3 stays B.3, a
 * member reads the changes since Rev.1; after Rev.2 the member opens each revision as issued
 * (read only, numbered as it was) and compares the two.
 */
import { describe, expect, it } from 'vitest'
import { caretAtEndOf, newParticipant, openDocument, useServerAndBrowser } from './harness.ts'
import { expectNoAxeViolations } from './a11y.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

describe('revisions in the browser', () => {
  it('[V1][V3][V5][V6] the chair issues Rev.1; the member is told, numbers hold, the changes since show; after Rev.2 the member opens each revision and compares them', async () => {
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
    await expectNoAxeViolations(member.page, 'the editor with the changes since Rev.1 open')

    // Rev.2 renumbers cleanly: B.2 bis becomes B.3, and B.3 becomes B.4.
    await chair.page.fill('.revision-note-input', '')
    await chair.page.getByRole('button', { name: 'Issue revision' }).click()
    await expect.poll(() => member.page.locator('.revision-list li').count()).toBe(2)
    await expect.poll(() => added.getAttribute('data-number')).toBe('B.3')

    // Rev.1 as issued: read only, its own numbers, without what came after.
    await member.page.locator('.revision-list li[data-revision="1"] .revision-open').click()
    await member.page.waitForURL(/\/revisions\/1$/)
    const text = member.page.locator('.revision-text')
    await expect.poll(() => text.locator('.recommendation').count()).toBeGreaterThan(5)
    expect(await member.page.textContent('.revision-banner')).toContain('Rev.1 (WGEC/2014/CRP.1/Rev.1)')
    expect(await member.page.textContent('.revision-banner')).toContain('Reflects Monday')
    expect(await text.getAttribute('contenteditable')).toBe('false')
    expect(await member.page.locator('.drafting-toolbar, .comment-toggle, .reservation-toggle').count()).toBe(0)
    expect(await text.locator('.recommendation', { hasText: 'Capacity building for all.' }).count()).toBe(0)
    expect(await text.locator('.recommendation[data-id="r-demo-b3"]').getAttribute('data-number')).toBe('B.3')
    // Statuses and brackets are drawn as in the rolling document.
    expect(await text.locator('.recommendation[data-id="r-demo-a2"] .status-badge').textContent()).toBe(
      await chair.page.locator('.ProseMirror .recommendation[data-id="r-demo-a2"] .status-badge').textContent(),
    )
    expect(await text.locator('.bracket').count()).toBeGreaterThan(0)
    expect(await member.page.textContent('.standing')).toContain('Where we stand')
    await expectNoAxeViolations(member.page, 'a revision as issued')

    // Rev.2, one click away: the new paragraph is B.3 there, and the old B.3 is B.4.
    await member.page.locator('.revision-nav a', { hasText: 'Rev.2' }).click()
    await member.page.waitForURL(/\/revisions\/2$/)
    await expect.poll(() => text.locator('.recommendation', { hasText: 'Capacity building for all.' }).getAttribute('data-number')).toBe('B.3')
    expect(await text.locator('.recommendation[data-id="r-demo-b3"]').getAttribute('data-number')).toBe('B.4')

    // Back in the document: Rev.1 against Rev.2 shows the one new paragraph, under its Rev.2
    // number; the renumbered B.3 -> B.4 is not a change.
    await member.page.click('.doc-bar a.back')
    await member.page.waitForSelector('.ProseMirror .recommendation')
    await member.page.click('details.revisions summary')
    await expect.poll(() => member.page.locator('.compare-from option').count()).toBe(2)
    await member.page.selectOption('.compare-from', '1')
    await member.page.selectOption('.compare-to', '2')
    await member.page.getByRole('button', { name: 'Show changes' }).click()
    await expect.poll(() => member.page.textContent('.comparison h3')).toBe('Changes from Rev.1 to Rev.2')
    expect(await member.page.locator('.comparison-paragraph').count()).toBe(1)
    expect(await member.page.textContent('.comparison-paragraph.change-added .comparison-head')).toContain('B.3')
    expect(await member.page.textContent('.comparison-summary')).toContain('1 added')
    expect(member.pageErrors).toEqual([])
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    await chair.context.close()
    await member.context.close()
  }, 90_000)
})

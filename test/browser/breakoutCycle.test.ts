/**
 * A whole break-out cycle in the browser (SPEC B1-B6), with five people: the chair creates two
 * break-outs from the page's form (topic B, facilitated by Brazil; topic C, by India); each
 * facilitator and one more member open theirs in one click from plenary and draft at once
 * (Kenya beside Brazil, Japan beside India, who proposes a new paragraph); the facilitators submit
 * from their pages; the chair brings both results in from the three-way view; every plenary page
 * shows the merged text, with the sponsors and numbers plenary expects and a link to the
 * break-out that produced each paragraph. The chair's plenary says who is in which break-out.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { caretAtEndOf, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'
import { expectNoAxeViolations } from './a11y.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

const connected = (page: Page) => expect.poll(() => page.getAttribute('.connection', 'data-status')).toBe('connected')

async function createBreakout(chair: Page, name: string, facilitator: string, topicId: string): Promise<void> {
  const form = chair.locator('.breakout-form')
  await form.locator('input[name="name"]').fill(name)
  await expect.poll(() => form.locator(`select option:text-is("${facilitator}")`).count()).toBe(1)
  await form.locator('select').selectOption({ label: facilitator })
  await form.locator(`input[name="topic"][value="${topicId}"]`).check()
  await form.locator('button[type="submit"]').click()
  await expect.poll(() => chair.locator('.breakout-item .breakout-open', { hasText: name }).count()).toBe(1)
}

describe('a break-out cycle through the page', () => {
  it('[B1][B4][B5][B6] two break-outs created, drafted in at once, submitted and brought back: everyone sees the merged text', async () => {
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Chair', 'Mexico (Chair)')
    const brazil = await newParticipant(env.browser, env.server, 'member', 'Delegate of Brazil', 'Brazil')
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Delegate of Kenya', 'Kenya')
    const india = await newParticipant(env.browser, env.server, 'member', 'Delegate of India', 'India')
    const japan = await newParticipant(env.browser, env.server, 'member', 'Delegate of Japan', 'Japan')
    const people = [chair, brazil, kenya, india, japan]
    for (const p of people) await openDocument(p.page, DOC)
    for (const p of people) await connected(p.page)

    await chair.page.locator('details.breakouts summary').click()
    await createBreakout(chair.page, 'Break-out group 1: Topic B', 'Delegate of Brazil (Brazil)', 't-demo-b')
    await createBreakout(chair.page, 'Break-out group 2: Topic C', 'Delegate of India (India)', 't-demo-c')
    await expectNoAxeViolations(chair.page, 'plenary with the break-out form')

    // Each walks into theirs in one click from plenary (the panel opens by itself while one runs).
    const walkIn = async (page: Page, name: string): Promise<void> => {
      const link = page.locator('.breakout-item .breakout-open', { hasText: name })
      await expect.poll(() => link.isVisible()).toBe(true)
      await link.click()
      await page.waitForURL(/\/documents\/bo-/)
      await connected(page)
    }
    await Promise.all([
      walkIn(brazil.page, 'Break-out group 1'),
      walkIn(kenya.page, 'Break-out group 1'),
      walkIn(india.page, 'Break-out group 2'),
      walkIn(japan.page, 'Break-out group 2'),
    ])
    expect(await brazil.page.textContent('.breakout-about')).toContain('facilitated by Delegate of Brazil (Brazil)')
    // Presence: the chair's plenary says who is in which break-out.
    const presentIn = (name: string) => chair.page.locator('.breakout-item', { hasText: name }).locator('.breakout-present').textContent()
    await expect.poll(() => presentIn('Break-out group 1'), { timeout: 20_000 }).toMatch(/Delegate of Brazil \(Brazil\).*Delegate of Kenya|Delegate of Kenya \(Kenya\).*Delegate of Brazil/)
    await expect.poll(() => presentIn('Break-out group 2'), { timeout: 20_000 }).toMatch(/Delegate of India.*Delegate of Japan|Delegate of Japan.*Delegate of India/)

    // Drafting at once in both.
    await Promise.all([
      (async () => {
        await caretAtEndOf(brazil.page, 'r-demo-b3')
        await brazil.page.keyboard.type(' Brazil drafts here.')
      })(),
      (async () => {
        await caretAtEndOf(kenya.page, 'r-demo-b2')
        await kenya.page.keyboard.type(' Kenya adds this.')
      })(),
      (async () => {
        await caretAtEndOf(india.page, 'r-demo-c3')
        await india.page.keyboard.type(' India drafts here.')
      })(),
      (async () => {
        await caretAtEndOf(japan.page, 'r-demo-c3')
        await japan.page.keyboard.press('Control+Alt+n')
        await japan.page.keyboard.type('Japan proposes a new paragraph.')
      })(),
    ])
    // Each sees the other's drafting before the facilitator submits.
    await expect.poll(() => recommendationText(brazil.page, 'r-demo-b2')).toContain('Kenya adds this.')
    await expect.poll(() => india.page.locator('.ProseMirror .recommendation', { hasText: 'Japan proposes a new paragraph.' }).count()).toBe(1)
    await expect.poll(() => recommendationText(india.page, 'r-demo-c3')).toContain('India drafts here.')

    for (const facilitator of [brazil, india]) {
      await facilitator.page.locator('.breakout-submit').click()
      await expect.poll(() => facilitator.page.textContent('.notice[role="alert"]')).toContain('Result 1 is submitted to plenary')
    }

    // The chair brings both in from the three-way view.
    for (const name of ['Break-out group 1', 'Break-out group 2']) {
      const item = chair.page.locator('.breakout-item', { hasText: name })
      await expect.poll(() => item.locator('.breakout-bring').count()).toBe(1)
      await item.locator('.breakout-bring').click()
      await expect.poll(() => chair.page.locator('.report-table .report-row').count()).toBeGreaterThan(0)
      await chair.page.locator('.report-bring').click()
      await expect.poll(() => chair.page.textContent('.notice[role="alert"]')).toContain('its result is in plenary')
    }
    await expectNoAxeViolations(chair.page, 'plenary after the report-back')

    // Everyone back in plenary sees the merged text, sponsors and numbers.
    for (const p of [brazil, kenya, india, japan]) await openDocument(p.page, DOC)
    for (const p of people) {
      await connected(p.page)
      await expect.poll(() => recommendationText(p.page, 'r-demo-b3')).toContain('Brazil drafts here.')
      expect(await recommendationText(p.page, 'r-demo-b2')).toContain('Kenya adds this.')
      expect(await recommendationText(p.page, 'r-demo-c3')).toContain('India drafts here.')
      const added = p.page.locator('.ProseMirror .recommendation', { hasText: 'Japan proposes a new paragraph.' })
      await expect.poll(() => added.count()).toBe(1)
      expect(await added.getAttribute('data-sponsors')).toBe('Japan')
      expect(await added.getAttribute('data-number')).toBe('C.4')
      expect(await p.page.locator('.recommendation[data-id="r-demo-b3"] .from-breakout').textContent()).toBe('From break-out group 1')
      expect(await added.locator('.from-breakout').getAttribute('href')).toMatch(/^\/documents\/bo-/)
      // The freeze ended: nothing is frozen in plenary any more.
      expect(await p.page.locator('.breakout-badge:not(.from-breakout)').count()).toBe(0)
    }
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    for (const p of people) expect(p.pageErrors).toEqual([])
    for (const p of people) await p.context.close()
  }, 120_000)
})

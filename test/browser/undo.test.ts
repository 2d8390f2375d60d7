/**
 * Undo keeps one's own history when others act (issue 9): a reservation by another delegation does
 * not wipe it; a paragraph locked meanwhile does (an undo into it would be refused).
 */
import { describe, expect, it } from 'vitest'
import { caretAtEndOf, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

describe('undo and other people\'s commands', () => {
  it('[C8] another delegation\'s reservation leaves my undo history; undo takes back my words', async () => {
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Delegate of Kenya', 'Kenya')
    const japan = await newParticipant(env.browser, env.server, 'member', 'Delegate of Japan', 'Japan')
    for (const p of [kenya.page, japan.page]) await openDocument(p, DOC)
    const before = await recommendationText(kenya.page, 'r-demo-c3')
    await caretAtEndOf(kenya.page, 'r-demo-c3')
    await kenya.page.keyboard.type(' Undo me.')
    await expect.poll(() => recommendationText(kenya.page, 'r-demo-c3')).toBe(`${before} Undo me.`)
    const status = await japan.page.evaluate(async () =>
      (await fetch('/api/documents/wgec-rolling/paragraphs/r-demo-b3/reservation', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Japan reserves its position.' }),
      })).status,
    )
    expect(status).toBe(200)
    await expect.poll(() => kenya.page.locator('.recommendation[data-id="r-demo-b3"] .reservation').count()).toBe(1)
    await kenya.page.keyboard.press('Control+z')
    await expect.poll(() => recommendationText(kenya.page, 'r-demo-c3')).toBe(before)
    await expect.poll(() => recommendationText(japan.page, 'r-demo-c3')).toBe(before)
    for (const p of [kenya, japan]) await p.context.close()
  })
})

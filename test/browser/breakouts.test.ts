/**
 * Break-out groups in plenary, in the browser (SPEC B3): when the chair sends topic B to a
 * break-out, every open page shows B.2 and B.3 "In break-out group 1 · frozen here" at once, a
 * member typing in B.3 is stopped by the editor with the freeze's words (nothing is sent, nothing
 * refused by the server), and closing the break-out lets plenary edit B.3 again.
 */
import { describe, expect, it } from 'vitest'
import { caretAtEndOf, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'
import { expectNoAxeViolations } from './a11y.ts'
import { textOf } from '../../shared/ydoc.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

describe('a break-out group seen from plenary', () => {
  it('[B3] its paragraphs carry the badge and are frozen in every editor; closing it ends that', async () => {
    const member = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    const brazil = await newParticipant(env.browser, env.server, 'member', 'Delegate of Brazil', 'Brazil')
    await openDocument(member.page, DOC)
    await expect.poll(() => member.page.getAttribute('.connection', 'data-status')).toBe('connected')
    const post = (path: string, body: unknown) =>
      fetch(`${env.server.httpUrl}/api/documents/${DOC}${path}`, { method: 'POST', headers: { cookie: env.server.chair.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const res = await post('/breakouts', { name: 'Break-out group 1: Topic B', facilitatorId: brazil.member.id, topicIds: ['t-demo-b'] })
    expect(res.status).toBe(201)
    const { breakout } = (await res.json()) as { breakout: { id: string } }

    const badge = member.page.locator('.recommendation[data-id="r-demo-b3"] .breakout-badge')
    await expect.poll(() => badge.textContent()).toBe('In break-out group 1 · frozen here')
    expect(await member.page.locator('.recommendation[data-id="r-demo-b2"] .breakout-badge').count()).toBe(1)
    expect(await member.page.locator('.recommendation[data-id="r-demo-b1"] .breakout-badge').count()).toBe(0) // agreed: stayed in plenary
    expect(await member.page.getAttribute('.recommendation[data-id="r-demo-b3"]', 'class')).toContain('locked')
    await expectNoAxeViolations(member.page, 'plenary with a running break-out')

    const before = await recommendationText(member.page, 'r-demo-b3')
    await caretAtEndOf(member.page, 'r-demo-b3')
    await member.page.keyboard.type(' Meanwhile.')
    await expect.poll(() => member.page.textContent('.notice[role="alert"]')).toContain('B.3 is in break-out group 1 and frozen in plenary until the group reports back')
    expect(await recommendationText(member.page, 'r-demo-b3')).toBe(before)

    expect((await post(`/breakouts/${breakout.id}/close`, {})).status).toBe(200)
    await expect.poll(() => badge.count()).toBe(0)
    await caretAtEndOf(member.page, 'r-demo-b3')
    await member.page.keyboard.type(' After.')
    await expect.poll(() => textOf(env.server.server.collab.rooms.get(DOC)!.doc).toString()).toContain(' After.')
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    expect(member.pageErrors).toEqual([])
    for (const p of [member, brazil]) await p.context.close()
  }, 60_000)
})

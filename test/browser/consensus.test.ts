/**
 * The consensus rules as people meet them in the browser (SPEC R1, R4, R7, A3).
 */
import { describe, expect, it } from 'vitest'

import { caretAtEndOf, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

describe('consensus in the browser', () => {
  it('[R4][R15] the chair agrees a paragraph while a member is typing in it offline: the lock shows and the member keeps the text', async () => {
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Chair Ruiz', 'Mexico (Chair)')
    const member = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    await openDocument(chair.page, DOC)
    await openDocument(member.page, DOC)
    await expect.poll(() => member.page.getAttribute('.connection', 'data-status')).toBe('connected')

    // The member's keystrokes are still on their way (offline) when the chair agrees B.3.
    await member.context.setOffline(true)
    await caretAtEndOf(member.page, 'r-demo-b3')
    await member.page.keyboard.type(' Including to observers.')
    await chair.page.click('.recommendation[data-id="r-demo-b3"] .chair-action-agree')
    await expect.poll(() => chair.page.getAttribute('.recommendation[data-id="r-demo-b3"]', 'data-status')).toBe('agreed')
    await member.context.setOffline(false)

    // The page learns the server's state before offering its edit: nothing is refused; the
    // member sees the lock, the agreed text, and their own words held back beside B.3 (R15).
    await expect
      .poll(() => member.page.locator('.held-item[data-paragraph="r-demo-b3"] .held-text').textContent(), { timeout: 15_000 })
      .toContain('Including to observers.')
    expect(await member.page.textContent('.held-item[data-paragraph="r-demo-b3"]')).toContain('the chair agreed B.3 while you were offline')
    await expect.poll(() => member.page.getAttribute('.recommendation[data-id="r-demo-b3"]', 'data-status')).toBe('agreed')
    expect(await member.page.textContent('.recommendation[data-id="r-demo-b3"] .status-badge')).toContain('locked')
    expect(await recommendationText(member.page, 'r-demo-b3')).not.toContain('Including to observers.')
    expect(await recommendationText(chair.page, 'r-demo-b3')).not.toContain('Including to observers.')

    // Typing into the locked paragraph now does nothing, and says why.
    await caretAtEndOf(member.page, 'r-demo-b3')
    await member.page.keyboard.type('x')
    expect(await recommendationText(member.page, 'r-demo-b3')).toMatch(/outcomes published\.$/)
    expect(await member.page.textContent('.notice[role="alert"]')).toContain('B.3 is agreed and locked')

    // The kept text goes back in as a new proposal by the member's delegation.
    await member.page.getByRole('button', { name: 'Propose as a new recommendation' }).click()
    await expect
      .poll(() => chair.page.locator('.recommendation', { hasText: 'Including to observers.' }).count())
      .toBe(1)
    const proposal = chair.page.locator('.recommendation', { hasText: 'Including to observers.' })
    expect(await proposal.getAttribute('data-status')).toBe('proposed')
    expect(await proposal.locator('.sponsors').textContent()).toContain('Kenya')
    // Nothing was refused on the way.
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    await chair.context.close()
    await member.context.close()
  })

  it('[R1] an observer follows live but cannot type', async () => {
    const observer = await newParticipant(env.browser, env.server, 'observer', 'Observer Meier', 'ISOC')
    const member = await newParticipant(env.browser, env.server, 'member', 'Typist', 'Japan')
    await openDocument(observer.page, DOC)
    await openDocument(member.page, DOC)
    expect(await observer.page.getAttribute('.ProseMirror', 'contenteditable')).toBe('false')
    expect(await observer.page.locator('.read-only-notice').isVisible()).toBe(true)

    await caretAtEndOf(observer.page, 'r-demo-c3')
    await observer.page.keyboard.type(' observer text')
    await caretAtEndOf(member.page, 'r-demo-c3')
    await member.page.keyboard.type(' Seen by the observer.')
    await expect.poll(() => recommendationText(observer.page, 'r-demo-c3')).toMatch(/Seen by the observer\.$/)
    expect(await recommendationText(observer.page, 'r-demo-c3')).not.toContain('observer text')
    expect(await observer.page.locator('.chair-action').count()).toBe(0)
    await observer.context.close()
    await member.context.close()
  })

  it('[A3] a member revoked by the chair is disconnected at once', async () => {
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Chair Two', 'Mexico (Chair)')
    const member = await newParticipant(env.browser, env.server, 'member', 'To Be Revoked', 'Atlantis')
    await openDocument(member.page, DOC)
    await expect.poll(() => member.page.getAttribute('.connection', 'data-status')).toBe('connected')

    await chair.page.goto('/members')
    const row = chair.page.locator(`tr[data-member="${member.member.id}"]`)
    chair.page.once('dialog', (d) => void d.accept())
    await row.locator('button', { hasText: 'Revoke' }).click()
    await expect.poll(() => row.textContent()).toContain('Revoked')

    await expect.poll(() => member.page.getAttribute('.connection', 'data-status')).toBe('closed')
    expect(await member.page.textContent('.notice[role="alert"]')).toContain('revoked')
    expect(await member.page.getAttribute('.ProseMirror', 'contenteditable')).toBe('false')
    await chair.context.close()
    await member.context.close()
  })
})

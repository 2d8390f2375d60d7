/**
 * SPEC R7 and R16 in the browser: when the server refuses a change the editor let through (here
 * because the server is configured with a lower paragraph limit than the editor's built-in one),
 * the person keeps what they typed. The page starts again from the server's state, holds the
 * refused wording beside its paragraph with the server's reason (the limit and the paragraph
 * named as the room names it), keeps it across a reload, and lets the person post it as a comment.
 */
import { describe, expect, it } from 'vitest'
import { caretAtEndOf, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'
import { DEFAULT_LIMITS } from '../../shared/limits.ts'
import { expectNoAxeViolations } from './a11y.ts'
import { textOf } from '../../shared/ydoc.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser({ limits: { ...DEFAULT_LIMITS, paragraphChars: 300 } })

describe('a change the server refuses', () => {
  it('[R7][R16] is held back beside its paragraph with the reason, survives a reload, and can be posted as a comment', async () => {
    const member = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    await openDocument(member.page, DOC)
    await expect.poll(() => member.page.getAttribute('.connection', 'data-status')).toBe('connected')
    const room = () => env.server.server.collab.rooms.get(DOC)!
    const before = await recommendationText(member.page, 'r-demo-b3')
    const added = ' The outcomes should be published in all six official languages of the United Nations, within thirty days of each meeting, on a website that is accessible to persons with disabilities and that can be reached from every country, including over slow connections.'
    expect(before.length + added.length).toBeGreaterThan(300)

    await caretAtEndOf(member.page, 'r-demo-b3')
    await member.page.keyboard.insertText(added)

    // The server refuses; the page reloads from its state and holds the wording back.
    const held = member.page.locator('.held-item')
    await expect.poll(() => held.count(), { timeout: 20_000 }).toBe(1)
    expect(await held.locator('.held-why').textContent()).toMatch(/a paragraph holds at most 300 characters; B\.3 would hold \d{3}/)
    expect(await held.locator('.held-text').textContent()).toContain('six official languages')
    expect(await member.page.textContent('.notice[role="alert"]')).toContain('Your wording is kept beside its paragraph')
    await expect.poll(() => recommendationText(member.page, 'r-demo-b3')).toBe(before)
    expect(textOf(room().doc).toString()).not.toContain('six official languages')
    expect(env.server.server.store.listQuarantine(DOC)).toHaveLength(1)

    // Still there after a reload: it lives in this browser until the person settles it.
    await member.page.reload()
    await member.page.waitForSelector('.ProseMirror .recommendation')
    await expect.poll(() => held.count()).toBe(1)
    await expectNoAxeViolations(member.page, 'the editor with held-back wording beside B.3')

    // Posted as a comment on B.3: the thread holds the wording, and the held item is settled.
    await held.getByRole('button', { name: 'Post as a comment' }).click()
    await expect.poll(() => held.count()).toBe(0)
    await expect.poll(() => member.page.locator('.comment-thread', { hasText: 'six official languages' }).count()).toBe(1)
    expect(member.pageErrors).toEqual([])
    await member.context.close()
  }, 60_000)
})

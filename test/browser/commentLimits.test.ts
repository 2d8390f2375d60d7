/**
 * Messages in the words of the room (issue 8): a box with a limit counts what is left as the
 * person types, and a refused comment, reply or resolution is said beside the box it came from,
 * whose text stays (SPEC K2, K4, C8, A3).
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { newParticipant, openDocument, selectText, useServerAndBrowser } from './harness.ts'
import { MAX_COMMENT_LENGTH, MAX_MESSAGES } from '../../shared/comments.ts'
import { MAX_RESERVATION_LENGTH, defaultReservationText } from '../../shared/reservations.ts'
import { MAX_DISPLAY_NAME_LENGTH } from '../../shared/roles.ts'
import { MAX_DELEGATION_LENGTH } from '../../shared/sponsorship.ts'
import { charactersLeft } from '../../client/src/ui/charCounter.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

/** The count is said after typing pauses (a second): more than expect.poll's default wait. */
const SPOKEN = { timeout: 5000 }

const text = (page: Page, selector: string): Promise<string | null> => page.textContent(selector)

describe('limits and refusals beside their box', () => {
  it('[K2][U3] a comment over the limit says by how much, its button says why it does not send, and the text stays', async () => {
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    const page = kenya.page
    await openDocument(page, DOC)
    const threads = await page.locator('.comment-thread').count()
    const compose = '.comment-compose'
    await expect.poll(() => text(page, `${compose} .char-count-shown`)).toBe(charactersLeft(0, MAX_COMMENT_LENGTH))
    expect(await page.getAttribute(`${compose} textarea`, 'maxlength')).toBeNull() // typing over is allowed, and counted

    await selectText(page, 'r-demo-a4', 'identify gaps')
    const long = 'x'.repeat(MAX_COMMENT_LENGTH + 23)
    await page.fill(`${compose} textarea`, long)
    await expect.poll(() => text(page, `${compose} .char-count-shown`)).toBe('23 characters too many')
    expect(await page.getAttribute(`${compose} .char-count`, 'class')).toContain('over')
    const send = page.locator(`${compose} button[type="submit"]`)
    expect(await send.getAttribute('aria-disabled')).toBe('true')
    expect(await send.getAttribute('title')).toBe('Too long to send: a comment holds at most 2,000 characters (23 characters too many)')
    expect(await send.getAttribute('aria-description')).toBe(await send.getAttribute('title'))
    // The box names its count, and a screen reader is told it once typing pauses.
    const describedBy = (await page.getAttribute(`${compose} textarea`, 'aria-describedby'))!
    expect(await page.textContent(`[id="${describedBy}"]`)).toBe('23 characters too many')
    expect(await page.getAttribute(`${compose} .char-count-live`, 'aria-live')).toBe('polite')
    await expect.poll(() => text(page, `${compose} .char-count-live`), SPOKEN).toBe('23 characters too many')

    // Pressed anyway (Ctrl+Enter, the button): nothing is sent; why is said beside the box.
    await page.press(`${compose} textarea`, 'Control+Enter')
    await expect
      .poll(() => text(page, `${compose} .comment-error[role="alert"]`))
      .toBe('Not sent: a comment holds at most 2,000 characters; this one has 23 characters too many; your text is kept here.')
    expect(await page.inputValue(`${compose} textarea`)).toBe(long)
    expect(await page.locator('.comment-thread').count()).toBe(threads)
    expect(await page.isVisible('.notice[role="alert"]')).toBe(false)

    // Cut back under the limit: the message goes, the button sends, the count is said near the end.
    await page.fill(`${compose} textarea`, 'x'.repeat(MAX_COMMENT_LENGTH - 10))
    await expect.poll(() => text(page, `${compose} .char-count-shown`)).toBe('10 characters left')
    expect(await page.isVisible(`${compose} .comment-error`)).toBe(false)
    expect(await send.getAttribute('aria-disabled')).toBe('false')
    expect(await send.getAttribute('title')).toBeNull()
    await expect.poll(() => text(page, `${compose} .char-count-live`), SPOKEN).toBe('10 characters left')
    // Far from the limit the count is only shown, not said.
    await page.fill(`${compose} textarea`, 'Which gaps?')
    await expect.poll(() => text(page, `${compose} .char-count-shown`)).toBe('1,989 characters left')
    await expect.poll(() => text(page, `${compose} .char-count-live`), SPOKEN).toBe('')
    await send.click()
    await expect.poll(() => page.locator('.comment-thread').count()).toBe(threads + 1)
    await expect.poll(() => page.inputValue(`${compose} textarea`)).toBe('')
    expect(await text(page, `${compose} .char-count-shown`)).toBe('2,000 characters left')
    await kenya.context.close()
  })

  it('[K2][K4][U3] the server refusing a reply, and a resolution offline, are said beside the thread’s box; the reply stays', async () => {
    const japan = await newParticipant(env.browser, env.server, 'member', 'Haruto Sato', 'Japan')
    const page = japan.page
    // A thread already holding all its messages, written from the page itself (its cookie, its
    // origin) before the document is open, so that it is drawn once.
    const threadId = await page.evaluate(
      async ({ doc, max }) => {
        const post = async (path: string, body: unknown): Promise<{ thread: { id: string } }> => {
          const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
          if (!res.ok) throw new Error(`POST ${path}: ${res.status}`)
          return res.json()
        }
        const base = `/api/documents/${doc}/comments`
        const { thread } = await post(base, { paragraphId: 'r-demo-c2', anchor: null, quote: '', text: 'Message 1' })
        // In batches: the server takes them one at a time anyway, and the round trips add up.
        for (let i = 2; i <= max; i += 20) {
          const batch = Array.from({ length: Math.min(20, max - i + 1) }, (_, j) => post(`${base}/${thread.id}/replies`, { text: `Message ${i + j}` }))
          await Promise.all(batch)
        }
        return thread.id
      },
      { doc: DOC, max: MAX_MESSAGES },
    )
    await openDocument(page, DOC)
    const thread = `.comment-thread[data-thread="${threadId}"]`
    await expect.poll(() => page.locator(`${thread} .comment-message`).count()).toBe(MAX_MESSAGES)
    expect(await page.isVisible(`${thread} .char-count-shown`)).toBe(false) // an empty reply box shows no count

    await page.fill(`${thread} .comment-reply textarea`, 'One more point.')
    expect(await text(page, `${thread} .char-count-shown`)).toBe(charactersLeft('One more point.'.length, MAX_COMMENT_LENGTH))
    await page.press(`${thread} .comment-reply textarea`, 'Control+Enter')
    await expect
      .poll(() => text(page, `${thread} .comment-reply .comment-error[role="alert"]`))
      .toBe(`Not sent: a thread holds at most ${MAX_MESSAGES} messages: start a new one; your text is kept here.`)
    expect(await page.inputValue(`${thread} .comment-reply textarea`)).toBe('One more point.')
    expect(await page.isVisible('.notice[role="alert"]')).toBe(false) // beside the box, not at the page's top
    // Editing the reply clears the message.
    await page.locator(`${thread} .comment-reply textarea`).pressSequentially('!')
    await expect.poll(() => page.isVisible(`${thread} .comment-error`)).toBe(false)

    // Offline, the one who started it cannot resolve it either: said in the same place.
    await japan.context.setOffline(true)
    await page.click(`${thread} .comment-resolve`)
    await expect
      .poll(() => text(page, `${thread} .comment-error[role="alert"]`))
      .toBe('Not resolved: you are offline (or the server cannot be reached).')
    await japan.context.setOffline(false)
    await page.click(`${thread} .comment-resolve`)
    await expect.poll(() => page.locator(thread).count()).toBe(0) // resolved, so hidden
    await japan.context.close()
  }, 60_000) // 200 commands to fill the thread take seconds on a busy machine

  it('[C8][A3][U3] the reservation prompt and the invitation form count the characters left', async () => {
    const brazil = await newParticipant(env.browser, env.server, 'member', 'Reserving Member', 'Brazil')
    const page = brazil.page
    await openDocument(page, DOC)
    await page.click('.recommendation[data-id="r-demo-a1"] .reservation-toggle')
    await page.waitForSelector('dialog.ask-text[open]')
    const box = 'dialog.ask-text textarea'
    expect(await page.getAttribute(box, 'maxlength')).toBe(String(MAX_RESERVATION_LENGTH)) // the server cuts silently beyond
    expect(await text(page, 'dialog.ask-text .char-count-shown')).toBe(charactersLeft(defaultReservationText('Brazil').length, MAX_RESERVATION_LENGTH))
    await page.fill(box, 'x'.repeat(MAX_RESERVATION_LENGTH - 5))
    await expect.poll(() => text(page, 'dialog.ask-text .char-count-shown')).toBe('5 characters left')
    await expect.poll(() => text(page, 'dialog.ask-text .char-count-live'), SPOKEN).toBe('5 characters left')
    await page.press(box, 'End')
    await page.keyboard.type('abcdefgh')
    await expect.poll(() => text(page, 'dialog.ask-text .char-count-shown')).toBe('0 characters left')
    expect((await page.inputValue(box)).length).toBe(MAX_RESERVATION_LENGTH)
    await page.click('dialog.ask-text button[value="cancel"]')
    await brazil.context.close()

    const chair = await newParticipant(env.browser, env.server, 'chair', 'Counting Chair', 'Mexico (Chair)')
    await chair.page.goto('/members')
    await chair.page.waitForSelector('.invite-form')
    const name = '.invite-form input[name="displayName"]'
    const delegation = '.invite-form input[name="delegation"]'
    expect(await chair.page.getAttribute(name, 'maxlength')).toBe(String(MAX_DISPLAY_NAME_LENGTH))
    expect(await chair.page.getAttribute(delegation, 'maxlength')).toBe(String(MAX_DELEGATION_LENGTH))
    const counts = chair.page.locator('.invite-form .char-count-shown')
    expect(await counts.allTextContents()).toEqual([charactersLeft(0, MAX_DISPLAY_NAME_LENGTH), charactersLeft(0, MAX_DELEGATION_LENGTH)])
    await chair.page.fill(name, 'Amina Diallo')
    await chair.page.fill(delegation, 'Kenya')
    await expect.poll(() => counts.allTextContents()).toEqual([charactersLeft(12, MAX_DISPLAY_NAME_LENGTH), charactersLeft(5, MAX_DELEGATION_LENGTH)])
    await chair.page.click('.invite-form button[type="submit"]')
    await chair.page.waitForSelector('.invite-link')
    // The form is emptied for the next invitation, and so are its counts.
    expect(await counts.allTextContents()).toEqual([charactersLeft(0, MAX_DISPLAY_NAME_LENGTH), charactersLeft(0, MAX_DELEGATION_LENGTH)])
    await chair.context.close()
  })
})

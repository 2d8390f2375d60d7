/**
 * Keystrokes never land outside the paragraph a person types in (SPEC R4, R14): a member types,
 * pastes and deletes inside locked paragraphs (agreed, ad ref, in the annex) at a person's pace,
 * with the caret at the start, the middle or the end; every attempt is refused with the lock
 * notice, and the whole document (the title and every other paragraph) stays byte for byte as it
 * was, on the member's screen and on the server. Seeded: SEED=<n> replays the same attempts.
 */
import { describe, expect, it } from 'vitest'
import * as prng from 'lib0/prng'
import type { Page } from 'playwright-core'
import { newParticipant, openDocument, useServerAndBrowser } from './harness.ts'
import { textOf } from '../../shared/ydoc.ts'

const DOC = 'wgec-rolling'
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31))
const ATTEMPTS = 18
/** Agreed (B.1), agreed ad ref (D.1), in the annex (Annex 1). */
const LOCKED = ['r-demo-b1', 'r-demo-d1', 'r-demo-x1']

const env = useServerAndBrowser()

const serverXml = (): string => {
  const room = env.server.server.collab.rooms.get(DOC)
  return room ? textOf(room.doc).toString() : ''
}
const pageJson = (page: Page): Promise<string> =>
  page.evaluate(() => JSON.stringify(window.accord?.editor()?.view.state.doc.toJSON() ?? null))

/** Clicks into paragraph `id` at its start, middle or end, as a person would. */
async function caretIn(page: Page, id: string, where: 'start' | 'middle' | 'end'): Promise<void> {
  const para = page.locator(`.ProseMirror .recommendation[data-id="${id}"]`)
  await para.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  const box = await para.boundingBox()
  if (!box) throw new Error(`paragraph ${id} is not visible`)
  if (where === 'end') {
    await page.mouse.click(box.x + box.width - 4, box.y + box.height - 6)
    await page.keyboard.press('End')
  } else if (where === 'start') {
    await page.mouse.click(box.x + 60, box.y + 8)
    await page.keyboard.press('Home')
  } else {
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  }
}

/** A paste as the browser delivers it (a ClipboardEvent carrying text/plain). */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer()
    data.setData('text/plain', t)
    document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, text)
}

describe('typing in a locked paragraph', () => {
  it(`[R4][R14] typing, pasting and deleting inside locked paragraphs changes nothing anywhere (SEED=${SEED})`, async () => {
    const gen = prng.create(SEED)
    // A member, and the chair, who may change the title: a stray key there would be accepted.
    const people = [
      await newParticipant(env.browser, env.server, 'member', 'Delegate of Kenya', 'Kenya'),
      await newParticipant(env.browser, env.server, 'chair', 'Chair', 'Mexico (Chair)'),
    ]
    for (const p of people) {
      await openDocument(p.page, DOC)
      await expect.poll(() => p.page.getAttribute('.connection', 'data-status')).toBe('connected')
    }
    const before = serverXml()
    const pageBefore = await pageJson(people[0]!.page)

    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // First the reported reproduction (the caret at the end of each locked paragraph, then a
      // few letters at a person's pace), as each person; then seeded attempts.
      const pinned = attempt < LOCKED.length * people.length
      const member = pinned ? people[attempt % people.length]! : prng.oneOf(gen, people)
      const id = pinned ? LOCKED[Math.floor(attempt / people.length)]! : prng.oneOf(gen, LOCKED)
      const where = pinned ? 'end' : prng.oneOf(gen, ['start', 'middle', 'end'] as const)
      const action = pinned ? 'type' : prng.oneOf(gen, ['type', 'type', 'paste', 'backspace', 'delete'] as const)
      const what = `${action} at the ${where} of ${id} by the ${member.member.role} (attempt ${attempt}, SEED=${SEED})`
      await caretIn(member.page, id, where)
      const delay = prng.int32(gen, 20, 60)
      switch (action) {
        case 'type':
          await member.page.keyboard.type(pinned ? 'qz' : prng.oneOf(gen, ['qz', 'abc', ' x']), { delay })
          break
        case 'paste':
          await paste(member.page, prng.oneOf(gen, ['pasted words', 'Line one\nLine two']))
          await member.page.keyboard.type('k', { delay })
          break
        case 'backspace':
        case 'delete':
          for (let i = prng.int32(gen, 1, 3); i > 0; i--) {
            await member.page.keyboard.press(action === 'backspace' ? 'Backspace' : 'Delete', { delay })
          }
          break
      }
      // Two frames: the editor has read whatever the browser did to the page by then.
      await member.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      expect(await pageJson(member.page), what).toBe(pageBefore)
    }
    // Whatever the pages sent has arrived: nothing unsent, and the server holds what it held.
    for (const p of people) {
      expect(await p.page.textContent('.notice[role="alert"]')).toMatch(/(B\.1|D\.1|Annex 1) is .* locked/)
      await expect.poll(() => p.page.getAttribute('.connection', 'data-unsent')).toBe('false')
    }
    await expect.poll(serverXml).toBe(before)
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    for (const p of people) await p.context.close()
  }, 120_000)
})

/**
 * SPEC R16 in the browser: a stray paste of a whole file (5 MB) into a paragraph is refused by
 * the editor with the limit named, before anything is sent; the document is unchanged everywhere.
 */
import { describe, expect, it } from 'vitest'
import { caretAtEndOf, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'
import { textOf } from '../../shared/ydoc.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

describe('size limits in the browser', () => {
  it('[R16] a 5 MB paste is refused with the limit named, and nothing changes', async () => {
    const member = await newParticipant(env.browser, env.server, 'member', 'Delegate of Kenya', 'Kenya')
    await openDocument(member.page, DOC)
    await expect.poll(() => member.page.getAttribute('.connection', 'data-status')).toBe('connected')
    const before = textOf(env.server.server.collab.rooms.get(DOC)!.doc).toString()
    const text = await recommendationText(member.page, 'r-demo-b3')
    await caretAtEndOf(member.page, 'r-demo-b3')
    await member.page.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/plain', 'A whole file pasted by accident. '.repeat(160_000))
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await expect
      .poll(() => member.page.textContent('.notice[role="alert"]'))
      .toMatch(/a paragraph holds at most 20,000 characters; B\.3 would hold 5,28\d,\d{3}/)
    expect(await recommendationText(member.page, 'r-demo-b3')).toBe(text)
    // Typing goes on as usual.
    await member.page.keyboard.type(' Still typing.')
    await expect.poll(() => textOf(env.server.server.collab.rooms.get(DOC)!.doc).toString()).toContain('Still typing.')
    expect(textOf(env.server.server.collab.rooms.get(DOC)!.doc).toString().length).toBeLessThan(before.length + 100)
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    await member.context.close()
  })
})

/**
 * The two honest edits the server once refused (issue 14; SPEC R4, R12, D9): the editor makes
 * exactly what the rule allows, and says why when it applies nothing, so the server never has to
 * refuse a delegate's key and reload their page.
 * - Enter inside a bracket or an option keeps the bracket or the group whole: the paragraph is
 *   split after it.
 * - A selection from the end of A.4 into topic B's heading, then Backspace, would merge the two
 *   topics and move B.1 (agreed) into topic A: the editor refuses it with the lock's words.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { caretAtEndOf, newParticipant, openDocument, useServerAndBrowser } from './harness.ts'
import { textOf } from '../../shared/ydoc.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

const refusals = (): string[] => env.server.server.store.listQuarantine(DOC).map((q) => q.reason)
const pageJson = (page: Page): Promise<string> =>
  page.evaluate(() => JSON.stringify(window.accord?.editor()?.view.state.doc.toJSON() ?? null))

/** Puts the caret `offset` characters into the first text of `selector` inside paragraph `recId`, as a click would. */
async function caretInside(page: Page, recId: string, selector: string, offset: number): Promise<void> {
  await caretAtEndOf(page, recId)
  await page.evaluate(
    ({ recId, selector, offset }) => {
      const el = document.querySelector(`.ProseMirror .recommendation[data-id="${recId}"] ${selector}`)!
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
      const text = walker.nextNode()!
      document.getSelection()!.collapse(text, offset)
    },
    { recId, selector, offset },
  )
  // ProseMirror reads the DOM selection on selectionchange.
  await expect
    .poll(() =>
      page.evaluate((recId) => {
        const $head = window.accord!.editor()!.view.state.selection.$head
        for (let d = $head.depth; d > 0; d--) if ($head.node(d).type.name === 'option' || $head.node(d).type.name === 'bracket') return recId
        return null
      }, recId),
    )
    .toBe(recId)
}

/** Every paragraph of the page's editor: id, text, and its group's options. */
const paragraphs = (page: Page) =>
  page.evaluate(() => {
    const out: { id: string | null; text: string; options: string[] }[] = []
    window.accord!.editor()!.view.state.doc.descendants((node) => {
      if (node.type.name !== 'recommendation') return true
      const options: string[] = []
      node.descendants((inner) => {
        if (inner.type.name === 'option') options.push(inner.textContent)
        return true
      })
      out.push({ id: node.attrs.id as string | null, text: node.textContent, options })
      return false
    })
    return out
  })

describe('the edits the server once refused', () => {
  it('[R12][D9] Enter inside an alternative or a bracket splits the paragraph after it, and the group stays whole', async () => {
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Delegate of Kenya', 'Kenya')
    const page = kenya.page
    await openDocument(page, DOC)

    // Inside "s|hall" of A.1's [shall/should].
    await caretInside(page, 'r-demo-a1', '.option', 1)
    await page.keyboard.press('Enter')
    await page.keyboard.type('Kenya adds this.')
    let list = await paragraphs(page)
    let at = list.findIndex((p) => p.id === 'r-demo-a1')
    expect(list[at]!.options).toEqual(['shall', 'should'])
    expect(list[at]!.text).toBe('Member States shallshould')
    expect(list[at + 1]!.text).toBe('Kenya adds this. strengthen cooperation on international public policy issues pertaining to the Internet, with the full involvement of all stakeholders in their respective roles.')
    expect(list[at + 1]!.options).toEqual([])
    await expect.poll(() => page.textContent('.notice[role="alert"]')).toMatch(/split after the alternatives/)

    // Inside an option of C.1's whole-paragraph options: the new paragraph follows C.1.
    await caretInside(page, 'r-demo-c1', '.option', 10)
    await page.keyboard.press('Enter')
    await page.keyboard.type('A new Kenyan proposal.')
    list = await paragraphs(page)
    at = list.findIndex((p) => p.id === 'r-demo-c1')
    expect(list[at]!.options).toHaveLength(2)
    expect(list[at]!.options[0]).toMatch(/^Establish a fund/)
    expect(list[at + 1]!.text).toBe('A new Kenyan proposal.')

    // Inside C.2's bracket "[free| of charge]".
    await caretInside(page, 'r-demo-c2', '.bracket', 4)
    await page.keyboard.press('Enter')
    list = await paragraphs(page)
    at = list.findIndex((p) => p.id === 'r-demo-c2')
    expect(list[at]!.text).toBe('Remote participation should be available for all meetings related to enhanced cooperation, free of charge')
    expect(list[at + 1]!.text).toBe('.')

    // The server took all of it, and Kenya's page is as the server's.
    await expect.poll(() => page.getAttribute('.connection', 'data-status')).toBe('connected')
    expect(refusals()).toEqual([])
    const room = env.server.server.collab.rooms.get(DOC)!
    await expect.poll(() => textOf(room.doc).toString().includes('A new Kenyan proposal.')).toBe(true)
    await kenya.context.close()
  })

  it('[R4] a selection from A.4 into topic B\'s heading, then Backspace, is refused by the editor with the lock\'s words, and nothing changes', async () => {
    const japan = await newParticipant(env.browser, env.server, 'member', 'Delegate of Japan', 'Japan')
    const page = japan.page
    await openDocument(page, DOC)
    const before = await pageJson(page)

    await caretAtEndOf(page, 'r-demo-a4')
    await page.keyboard.press('Shift+Control+ArrowRight')
    await page.keyboard.press('Shift+Control+ArrowRight')
    await page.keyboard.press('Backspace')
    await expect.poll(() => page.textContent('.notice[role="alert"]')).toMatch(/B\.1 is agreed and locked/)
    expect(await pageJson(page)).toBe(before)

    // The same with Delete, and with typing over the selection.
    await caretAtEndOf(page, 'r-demo-a4')
    await page.keyboard.press('Shift+Control+ArrowRight')
    await page.keyboard.press('Shift+Control+ArrowRight')
    await page.keyboard.type('x')
    expect(await pageJson(page)).toBe(before)

    expect(refusals()).toEqual([])
    expect(await page.getAttribute('.connection', 'data-status')).toBe('connected')
    await japan.context.close()
  })
})

describe('a paste of several lines inside a group', () => {
  it('[R12][D9] two lines pasted inside an option come in as one line, and the group stays whole', async () => {
    const brazil = await newParticipant(env.browser, env.server, 'member', 'Delegate of Brazil', 'Brazil')
    const page = brazil.page
    await openDocument(page, DOC)
    // Inside "are en|couraged to", the second option of D.2's [shall/are encouraged to].
    await caretInside(page, 'r-demo-d2', '.option:nth-child(2)', 6)
    await page.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/plain', 'shall\nInternet')
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    const list = await paragraphs(page)
    const at = list.findIndex((p) => p.id === 'r-demo-d2')
    expect(list[at]!.options).toEqual(['shall', 'are enshall Internetcouraged to'])
    expect(list[at + 1]!.id).not.toBeNull()
    const room = env.server.server.collab.rooms.get(DOC)!
    await expect.poll(() => textOf(room.doc).toString().includes('are enshall Internetcouraged to')).toBe(true)
    expect(refusals()).toEqual([])
    expect(brazil.pageErrors).toEqual([])
    await brazil.context.close()
  })
})

/**
 * Offline work survives locks made meanwhile, paragraph by paragraph (SPEC R15), in the browser:
 * a member edits five paragraphs and adds a recommendation while offline; meanwhile the chair
 * agrees E.1, agrees and reopens A.2, moves C.3 to the annex, and B.3 is removed. Back online,
 * everything still allowed goes in by itself with no refusal; the wording of E.1, C.3 and B.3 is
 * held back beside its paragraph (or above the document when the paragraph is gone), survives a
 * reload, and is proposed again or discarded by the person.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { caretAtEndOf, localCopyWritten, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'
import { textOf } from '../../shared/ydoc.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

const serverXml = (): string => {
  const room = env.server.server.collab.rooms.get(DOC)
  return room ? textOf(room.doc).toString() : ''
}

async function status(page: Page, id: string, action: string, views?: string[]): Promise<void> {
  const code = await page.evaluate(
    async ({ id, action, views }) =>
      (await fetch(`/api/documents/wgec-rolling/paragraphs/${id}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action, views }),
      })).status,
    { id, action, views },
  )
  expect(code, `${action} ${id}`).toBe(200)
}

/** Removes a paragraph as the secretariat would (select it whole, delete), through the editor. */
async function removeParagraph(page: Page, id: string): Promise<void> {
  await page.evaluate((recId) => {
    const view = window.accord!.editor()!.view
    let from = -1
    let to = -1
    view.state.doc.descendants((node, pos) => {
      if (node.type.name === 'recommendation' && node.attrs.id === recId) {
        from = pos
        to = pos + node.nodeSize
      }
      return from < 0
    })
    view.dispatch(view.state.tr.delete(from, to))
  }, id)
}

const held = (page: Page, id: string) => page.locator(`.held-item[data-paragraph="${id}"]`)

describe('offline work and locks made meanwhile', () => {
  it('[R15] the chair agrees, reopens, moves to the annex and a paragraph is removed while a member is offline: the rest goes in, the locked wording is held back', async () => {
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Elena Ruiz', 'Mexico (Chair)')
    const secretariat = await newParticipant(env.browser, env.server, 'secretariat', 'Officer', 'Secretariat')
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    for (const p of [chair.page, secretariat.page, kenya.page]) await openDocument(p, DOC)
    await expect.poll(() => kenya.page.getAttribute('.connection', 'data-status')).toBe('connected')

    await kenya.context.setOffline(true)
    await expect.poll(() => kenya.page.getAttribute('.connection', 'data-status')).toBe('offline')
    for (const id of ['r-demo-d2', 'r-demo-e1', 'r-demo-a2', 'r-demo-c3', 'r-demo-b3']) {
      await caretAtEndOf(kenya.page, id)
      await kenya.page.keyboard.type(` Offline ${id}.`)
    }
    await caretAtEndOf(kenya.page, 'r-demo-d2')
    await kenya.page.keyboard.press('Enter')
    await kenya.page.keyboard.type('A new recommendation written on the train.')
    await localCopyWritten(kenya.page)

    // Meanwhile, in the room.
    await status(chair.page, 'r-demo-e1', 'agree')
    await status(chair.page, 'r-demo-a2', 'agree')
    await status(chair.page, 'r-demo-a2', 'reopen')
    await status(chair.page, 'r-demo-c3', 'moveToAnnex', ['Some members considered that meetings should rotate between regions.'])
    await removeParagraph(secretariat.page, 'r-demo-b3')
    await expect.poll(() => chair.page.locator('.recommendation[data-id="r-demo-b3"]').count()).toBe(0)

    await kenya.context.setOffline(false)
    // Everything still allowed arrives by itself, on every screen.
    await expect.poll(() => recommendationText(chair.page, 'r-demo-d2'), { timeout: 15_000 }).toContain('Offline r-demo-d2.')
    await expect.poll(() => chair.page.locator('.recommendation', { hasText: 'written on the train' }).count()).toBe(1)
    await expect.poll(() => recommendationText(chair.page, 'r-demo-a2')).toContain('Offline r-demo-a2.')
    await expect.poll(() => kenya.page.getAttribute('.connection', 'data-status'), { timeout: 15_000 }).toBe('connected')
    // The locked and removed paragraphs are as the room left them, and nothing was refused.
    expect(serverXml()).not.toContain('Offline r-demo-e1.')
    expect(serverXml()).not.toContain('Offline r-demo-c3.')
    expect(serverXml()).not.toContain('Offline r-demo-b3.')
    expect(env.server.server.store.listQuarantine(DOC).map((q) => q.reason)).toEqual([])

    // The wording is held back beside its paragraph, saying what happened and who did it.
    await expect.poll(() => held(kenya.page, 'r-demo-e1').textContent()).toContain('the chair agreed E.1 while you were offline')
    expect(await held(kenya.page, 'r-demo-e1').textContent()).toContain('Offline r-demo-e1.')
    expect(await held(kenya.page, 'r-demo-c3').textContent()).toContain('the chair moved C.3 to the annex')
    // B.3 is gone: its wording waits above the document.
    expect(await kenya.page.locator('.held-panel .held-item[data-paragraph="r-demo-b3"]').textContent()).toContain('B.3 was removed while you were offline')

    // Kept across a reload.
    await kenya.page.reload()
    await kenya.page.waitForSelector('.ProseMirror .recommendation')
    await expect.poll(() => held(kenya.page, 'r-demo-e1').count()).toBe(1)
    expect(await held(kenya.page, 'r-demo-c3').count()).toBe(1)
    expect(await held(kenya.page, 'r-demo-b3').count()).toBe(1)

    // Kenya proposes the E.1 wording again as a new recommendation, and discards the B.3 one.
    await held(kenya.page, 'r-demo-e1').getByRole('button', { name: 'Propose as a new recommendation' }).click()
    const proposal = chair.page.locator('.recommendation', { hasText: 'Offline r-demo-e1.' })
    await expect.poll(() => proposal.count()).toBe(1)
    expect(await proposal.getAttribute('data-status')).toBe('proposed')
    expect(await proposal.locator('.sponsors').textContent()).toContain('Kenya')
    await held(kenya.page, 'r-demo-b3').getByRole('button', { name: 'Discard' }).click()
    await expect.poll(() => held(kenya.page, 'r-demo-b3').count()).toBe(0)
    expect(await held(kenya.page, 'r-demo-e1').count()).toBe(0)
    await kenya.page.reload()
    await kenya.page.waitForSelector('.ProseMirror .recommendation')
    await expect.poll(() => held(kenya.page, 'r-demo-c3').count()).toBe(1)
    expect(await held(kenya.page, 'r-demo-b3').count()).toBe(0)
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    // Coming back online threw nothing in any page (it once threw "Cannot read properties of null
    // (reading 'matchesNode')" from a view destroyed under an update).
    for (const p of [chair, secretariat, kenya]) expect(p.pageErrors).toEqual([])
    for (const p of [chair, secretariat, kenya]) await p.context.close()
  }, 120_000)
})

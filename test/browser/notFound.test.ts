/**
 * A link to a document that does not exist, or that belongs to another working group, shows "No
 * such document" with a way back, instead of "Loading…" and endless reconnecting (SPEC A1); the
 * same for a revision the document does not have (V3).
 */
import { describe, expect, it } from 'vitest'
import { newParticipant, useServerAndBrowser } from './harness.ts'
import { expectNoAxeViolations } from './a11y.ts'
import { initialState } from '../../server/documents/initialState.ts'
import { demoConsensus, demoContent } from '../../server/demo/demoDocument.ts'

const env = useServerAndBrowser()

describe('a document that is not there', () => {
  it('[A1] an unknown document and another group\'s document both show "No such document" with a way back', async () => {
    const store = env.server.server.store
    store.createGroup({ id: 'g-other', name: 'Another group', createdAt: '2026-01-01T00:00:00.000Z' })
    store.createDocument({ id: 'other-rolling', title: 'Their document', groupId: 'g-other', createdAt: '2026-01-01T00:00:00.000Z' }, initialState(demoContent(), demoConsensus()))
    const member = await newParticipant(env.browser, env.server, 'member', 'Delegate of Kenya', 'Kenya')
    const sockets: string[] = []
    member.page.on('websocket', (ws) => sockets.push(ws.url()))
    for (const id of ['no-such-doc', 'other-rolling']) {
      await member.page.goto(`/documents/${id}`)
      await expect.poll(() => member.page.textContent('h1')).toBe('No such document')
      expect(await member.page.textContent('.not-found')).toContain(`“${id}”`)
      expect(await member.page.locator('.ProseMirror').count()).toBe(0)
      expect(await member.page.textContent('body')).not.toContain('Their document')
      await expectNoAxeViolations(member.page, `the page for ${id}`)
    }
    // Nothing tries to connect to a document that is not there: no connection was even made
    // (the editor page sets window.accord when it makes one), and no socket was opened.
    expect(await member.page.evaluate(() => 'accord' in window)).toBe(false)
    expect(sockets).toEqual([])
    await member.page.click('.not-found a.back')
    await member.page.waitForURL(`${env.server.httpUrl}/`)
    await expect.poll(() => member.page.locator('a[href="/documents/wgec-rolling"]').count()).toBeGreaterThan(0)

    // A revision that was never issued: said so, with a way back to the document.
    await member.page.goto('/documents/wgec-rolling/revisions/7')
    await expect.poll(() => member.page.textContent('h1')).toBe('No such revision')
    expect(await member.page.textContent('.not-found')).toContain('no Rev.7')
    await expectNoAxeViolations(member.page, 'the page for a revision never issued')
    await member.page.click('.not-found a.back')
    await member.page.waitForURL(`${env.server.httpUrl}/documents/wgec-rolling`)
    expect(member.pageErrors).toEqual([])
    await member.context.close()
  })
})

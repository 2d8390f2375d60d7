/**
 * Two people in two browser contexts editing the rolling document live (SPEC P1, S1, S5).
 */
import { describe, expect, it } from 'vitest'

import { caretAtEndOf, localCopyWritten, newParticipant, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

describe('live editing in the browser', () => {
  it('[P1] one types, the other sees the text and the remote cursor with the name', async () => {
    const amina = await newParticipant(env.browser, env.server, 'member', 'Amina (Kenya)')
    const lukas = await newParticipant(env.browser, env.server, 'member', 'Lukas (Switzerland)')
    await openDocument(amina.page, DOC)
    await openDocument(lukas.page, DOC)
    await expect.poll(() => lukas.page.textContent('.connection')).toContain('Connected')

    await caretAtEndOf(amina.page, 'r-demo-a2')
    await amina.page.keyboard.type(' Typed live by Kenya.')

    await expect.poll(() => recommendationText(lukas.page, 'r-demo-a2')).toMatch(/build on them\. Typed live by Kenya\.$/)
    const caret = lukas.page.locator('.remote-caret-label', { hasText: 'Amina (Kenya)' })
    await expect.poll(() => caret.count()).toBe(1)
    await amina.context.close()
    await lukas.context.close()
  })

  it('[S5] a context goes offline, both edit, it comes back and both converge', async () => {
    const a = await newParticipant(env.browser, env.server, 'member', 'Offline delegate')
    const b = await newParticipant(env.browser, env.server, 'member', 'Online delegate')
    await openDocument(a.page, DOC)
    await openDocument(b.page, DOC)
    await expect.poll(() => a.page.textContent('.connection')).toContain('Connected')

    await a.context.setOffline(true)
    await expect.poll(() => a.page.getAttribute('.connection', 'data-status')).toBe('offline')
    await caretAtEndOf(a.page, 'r-demo-b3')
    await a.page.keyboard.type(' [offline edit]')
    // Chromium 156 reports navigator.onLine as true in a page reloaded offline, so the page may
    // say "reconnecting" rather than "offline"; either way it says the changes are kept here.
    expect(await a.page.getAttribute('.connection', 'data-unsent')).toBe('true')
    expect(await a.page.textContent('.connection')).toMatch(/unsent changes are kept in this browser|your changes are saved here/)
    await caretAtEndOf(b.page, 'r-demo-c3')
    await b.page.keyboard.type(' (online edit)')
    // While A is offline, B's edit cannot reach A, and A's cannot reach B.
    expect(await recommendationText(b.page, 'r-demo-b3')).not.toContain('[offline edit]')

    await a.context.setOffline(false)
    await expect.poll(() => a.page.getAttribute('.connection', 'data-status')).toBe('connected')
    for (const page of [a.page, b.page]) {
      await expect.poll(() => recommendationText(page, 'r-demo-b3')).toMatch(/published\. \[offline edit\]$/)
      await expect.poll(() => recommendationText(page, 'r-demo-c3')).toMatch(/developing countries\. \(online edit\)$/)
    }
    expect(await a.page.getAttribute('.connection', 'data-unsent')).toBe('false')
    await a.context.close()
    await b.context.close()
  })

  it('[S5] a reload shows the stored text, and a reload while offline loses nothing', async () => {
    const a = await newParticipant(env.browser, env.server, 'member', 'Reloading delegate')
    await openDocument(a.page, DOC)
    await expect.poll(() => a.page.textContent('.connection')).toContain('Connected')
    await caretAtEndOf(a.page, 'r-demo-e1')
    await a.page.keyboard.type(' Stored.')
    await a.page.reload()
    await a.page.waitForSelector('.ProseMirror .recommendation')
    await expect.poll(() => recommendationText(a.page, 'r-demo-e1')).toMatch(/WSIS follow-up\. Stored\.$/)
    await expect.poll(() => a.page.textContent('.connection')).toContain('Connected')

    await a.context.setOffline(true)
    await expect.poll(() => a.page.getAttribute('.connection', 'data-status')).toBe('offline')
    await caretAtEndOf(a.page, 'r-demo-e1')
    await a.page.keyboard.type(' Kept offline.')
    await localCopyWritten(a.page)
    await a.page.reload() // served by the service worker's shell; the edit comes back from IndexedDB
    await a.page.waitForSelector('.ProseMirror .recommendation')
    await expect.poll(() => recommendationText(a.page, 'r-demo-e1')).toMatch(/Stored\. Kept offline\.$/)
    // Chromium 156 reports navigator.onLine as true in a page reloaded offline, so the page may
    // say "reconnecting" rather than "offline"; either way it says the changes are kept here.
    expect(await a.page.getAttribute('.connection', 'data-unsent')).toBe('true')
    expect(await a.page.textContent('.connection')).toMatch(/unsent changes are kept in this browser|your changes are saved here/)

    await a.context.setOffline(false)
    await expect.poll(() => a.page.getAttribute('.connection', 'data-status')).toBe('connected')
    const b = await newParticipant(env.browser, env.server, 'member', 'Late joiner')
    await openDocument(b.page, DOC)
    await expect.poll(() => recommendationText(b.page, 'r-demo-e1')).toMatch(/Stored\. Kept offline\.$/)
    await a.context.close()
    await b.context.close()
  })
})

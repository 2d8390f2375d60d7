/**
 * The built client under the server's Content-Security-Policy: signing in, the document list,
 * live editing over the WebSocket with the remote caret, the service worker, the members and
 * records pages. Chromium reports every blocked load, script or style; none may be.
 */
import { describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { caretAtEndOf, openDocument, recommendationText, useServerAndBrowser } from './harness.ts'
import type { TestServer } from '../helpers/testServer.ts'
import type { Role } from '../../shared/roles.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

interface Watched {
  context: BrowserContext
  page: Page
  /** Every CSP violation the page saw, as `directive: blocked URI` or Chromium's console text. */
  violations: string[]
}

/** As harness.newParticipant, but watching for CSP violations from the sign-in page on. */
async function watchedParticipant(browser: Browser, server: TestServer, role: Role, name: string): Promise<Watched> {
  const member = server.server.access.addMember({ groupId: 'wgec', displayName: name, delegation: 'Kenya', role })
  const { token } = server.server.access.invite(member.id)
  const context = await browser.newContext({ baseURL: server.httpUrl, viewport: { width: 1200, height: 900 } })
  const violations: string[] = []
  await context.exposeBinding('reportCspViolation', (_source, text: string) => void violations.push(text))
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { reportCspViolation(t: string): Promise<void> }).reportCspViolation(`${e.effectiveDirective}: ${e.blockedURI}`)
    })
  })
  const page = await context.newPage()
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text())
  })
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message))
  const answer = await page.goto(`/join#${token}`)
  expect(answer?.headers()['content-security-policy']).toContain("default-src 'self'")
  await page.waitForURL(`${server.httpUrl}/`)
  return { context, page, violations }
}

describe('the Content-Security-Policy', () => {
  it('blocks nothing the client does: sign-in, live editing, remote carets, service worker, other pages', async () => {
    const chair = await watchedParticipant(env.browser, env.server, 'chair', 'Chair (CSP)')
    const member = await watchedParticipant(env.browser, env.server, 'member', 'Delegate (CSP)')
    await openDocument(chair.page, DOC)
    await openDocument(member.page, DOC)
    await expect.poll(() => member.page.textContent('.connection')).toContain('Connected')

    await caretAtEndOf(member.page, 'r-demo-a2')
    await member.page.keyboard.type(' Typed under CSP.')
    await expect.poll(() => recommendationText(chair.page, 'r-demo-a2')).toMatch(/Typed under CSP\.$/)
    // The remote caret is coloured through element.style, which the policy allows.
    const caret = chair.page.locator('.remote-caret', { hasText: 'Delegate (CSP)' })
    await expect.poll(() => caret.count()).toBe(1)
    expect(await caret.evaluate((el) => getComputedStyle(el).borderLeftColor)).not.toBe('rgba(0, 0, 0, 0)')

    const workerScope = await member.page.evaluate(async () => (await navigator.serviceWorker.ready).scope)
    expect(workerScope).toBe(`${env.server.httpUrl}/`)

    for (const path of ['/members', `/documents/${DOC}/records`, '/']) {
      await chair.page.goto(path)
      await chair.page.waitForSelector('h1')
    }
    await member.page.reload()
    await member.page.waitForSelector('.ProseMirror .recommendation')

    expect(chair.violations).toEqual([])
    expect(member.violations).toEqual([])
    await chair.context.close()
    await member.context.close()
  })
})

/**
 * Browser-test harness: Debian's Chromium driven by playwright-core, against a real server
 * serving the built client (run `npm run build` first; `npm test` does).
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CLIENT_DIR = path.resolve('dist/client')

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export async function startServerWithClient(): Promise<TestServer> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error('dist/client is missing: run `npm run build` before the browser tests')
  }
  return startTestServer({ clientDir: CLIENT_DIR })
}

/** A new browser context (its own storage) with the display name already given. */
export async function newParticipant(browser: Browser, baseUrl: string, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1200, height: 900 } })
  await context.addInitScript((n) => {
    if (!localStorage.getItem('accord:displayName')) localStorage.setItem('accord:displayName', n)
  }, name)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message))
  return { context, page }
}

export async function openDocument(page: Page, docId: string): Promise<void> {
  await page.goto(`/documents/${docId}`)
  await page.waitForSelector('.ProseMirror .recommendation', { timeout: 15_000 })
}

/** Places the caret at the end of the recommendation `recId`, as a person would: click, End. */
export async function caretAtEndOf(page: Page, recId: string): Promise<void> {
  const para = page.locator(`.ProseMirror .recommendation[data-id="${recId}"]`)
  await para.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  const box = await para.boundingBox()
  if (!box) throw new Error(`recommendation ${recId} is not visible`)
  await page.mouse.click(box.x + box.width - 4, box.y + box.height - 6)
  await page.keyboard.press('End')
}

/** The text of recommendation `recId` as the editor shows it (without number and badges). */
export async function recommendationText(page: Page, recId: string): Promise<string> {
  return page.evaluate((id) => {
    const editor = window.accord?.editor()
    let text = ''
    editor?.view.state.doc.descendants((node) => {
      if (node.type.name === 'recommendation' && node.attrs.id === id) text = node.textContent
      return text === ''
    })
    return text
  }, recId)
}

/**
 * Resolves when every edit made so far is committed to the browser's IndexedDB copy: a read
 * transaction on the same store completes only after the writes queued before it (IndexedDB
 * orders overlapping transactions).
 */
export async function localCopyWritten(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const db = (window.accord?.connection.local as unknown as { db: IDBDatabase | null } | undefined)?.db
    if (!db) throw new Error('the offline copy is not open')
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['updates'], 'readonly')
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
  })
}

/**
 * Browser-test harness: Debian's Chromium driven by playwright-core, against a real server
 * serving the built client (run `npm run build` first; `npm test` does).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import type { Member } from '../../server/access/AccessStore.ts'
import type { Role } from '../../shared/roles.ts'
import type { ServerConfig } from '../../server/config.ts'

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

export async function startServerWithClient(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error('dist/client is missing: run `npm run build` before the browser tests')
  }
  const server = await startTestServer({ clientDir: CLIENT_DIR, ...overrides })
  // The page's origin is only known once the port is: allow it for WebSockets and writes.
  server.server.config.allowedOrigins.push(server.httpUrl)
  return server
}

/**
 * A new browser context (its own cookies and storage) for a new member of the demo group with
 * `role`, signed in the way a person is: by opening their personal invitation link.
 */
export async function newParticipant(
  browser: Browser,
  server: TestServer,
  role: Role,
  name: string,
  delegation = 'Kenya',
): Promise<{ context: BrowserContext; page: Page; member: Member; pageErrors: string[] }> {
  const member = server.server.access.addMember({ groupId: 'wgec', displayName: name, delegation, role })
  const { token } = server.server.access.invite(member.id)
  const context = await browser.newContext({ baseURL: server.httpUrl, viewport: { width: 1200, height: 900 } })
  const page = await context.newPage()
  // Uncaught exceptions in the page, for tests that assert there were none.
  const pageErrors: string[] = []
  page.on('pageerror', (err) => {
    pageErrors.push(err.message)
    console.error(`[${name}] page error:`, err.message)
  })
  await page.goto(`/join#${token}`)
  await page.waitForURL(`${server.httpUrl}/`)
  return { context, page, member, pageErrors }
}

export async function openDocument(page: Page, docId: string): Promise<void> {
  await page.goto(`/documents/${docId}`)
  await page.waitForSelector('.ProseMirror .recommendation', { timeout: 15_000 })
}

/** Places the caret at the end of the recommendation `recId`, as a person would: click, End. */
export async function caretAtEndOf(page: Page, recId: string): Promise<void> {
  const para = page.locator(`.ProseMirror .recommendation[data-id="${recId}"]`)
  // A click by coordinates can land beside the paragraph when the page moves between reading its
  // box and clicking (a panel redrawn on a busy machine): check where the caret is, and click again.
  for (let attempt = 0; attempt < 5; attempt++) {
    await para.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    const box = await para.boundingBox()
    if (!box) throw new Error(`recommendation ${recId} is not visible`)
    await page.mouse.click(box.x + box.width - 4, box.y + box.height - 6)
    await page.keyboard.press('End')
    const inside = await page.evaluate((id) => {
      const view = window.accord?.editor()?.view
      if (!view) return false
      const $head = view.state.selection.$head
      for (let d = $head.depth; d > 0; d--) {
        const node = $head.node(d)
        if (node.type.name === 'recommendation') return node.attrs.id === id
      }
      return false
    }, recId)
    if (inside) return
  }
  throw new Error(`could not put the caret at the end of ${recId}`)
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

/**
 * One server (serving the built client) and one Chromium for the test file: started before its
 * tests, stopped after. Read `server` and `browser` inside tests, once `beforeAll` has run.
 * `overrides` change the server's configuration (its limits, say) for the whole file.
 */
export function useServerAndBrowser(overrides: Partial<ServerConfig> = {}): { readonly server: TestServer; readonly browser: Browser } {
  let server: TestServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServerWithClient(overrides)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('the test server is not started yet')
      return server
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet')
      return browser
    },
  }
}

/** Selects `text` inside a paragraph, as a drag across it would. */
export async function selectText(page: Page, id: string, text: string): Promise<void> {
  await page.evaluate(
    ({ recId, wanted }) => {
      const view = window.accord!.editor()!.view
      let from = -1
      view.state.doc.descendants((node, pos) => {
        if (from >= 0) return false
        if (node.type.name === 'recommendation' && node.attrs.id !== recId) return false
        if (node.isTextblock && node.type.name !== 'recommendation') return false // headings, the title
        if (node.isText && node.text!.includes(wanted)) from = pos + node.text!.indexOf(wanted)
        return true
      })
      if (from < 0) throw new Error(`no "${wanted}" in ${recId}`)
      const Selection = view.state.selection.constructor as unknown as { create(doc: unknown, a: number, b: number): never }
      view.focus()
      view.dispatch(view.state.tr.setSelection(Selection.create(view.state.doc, from, from + wanted.length)))
    },
    { recId: id, wanted: text },
  )
}

/** Selects all the text of a paragraph (brackets included), as a drag across it would. */
export async function selectWholeParagraph(page: Page, id: string): Promise<void> {
  await page.evaluate((recId) => {
    const view = window.accord!.editor()!.view
    let from = -1
    let to = -1
    view.state.doc.descendants((node, pos) => {
      if (node.type.name === 'recommendation' && node.attrs.id === recId) {
        from = pos + 1
        to = pos + node.nodeSize - 1
      }
      return from < 0
    })
    const Selection = view.state.selection.constructor as unknown as { create(doc: unknown, a: number, b: number): never }
    view.focus()
    view.dispatch(view.state.tr.setSelection(Selection.create(view.state.doc, from, to)))
  }, id)
}

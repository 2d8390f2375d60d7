/**
 * Row (f): revisions of the large document (largeDoc.ts, `d-compacted`), on a fresh copy of its
 * SQLite file, Accord only (the reference has no revisions):
 * - issuing Rev.1 (POST .../revisions: the state stored with its audit row), then editing live
 *   through a WebsocketProvider (words typed and deleted in 100 paragraphs, 5 paragraphs removed,
 *   by the chair) and with the chair's commands (20 agreed, 5 moved to the annex), then Rev.2;
 * - comparing Rev.1 with Rev.2, and Rev.1 with now, over HTTP (GET .../compare: the server reads
 *   both states and compares them; the time includes the JSON's transfer on localhost);
 * - keystroke-to-peer latency in the demo document (20 typists, 5 keys/s) without and then with
 *   a revision of the large document issued every second meanwhile (issuing must not pause
 *   other documents' typing);
 * - opening the large document, and its Rev.2, in Debian's Chromium (the built client): from
 *   navigation to every paragraph's text drawn, in a fresh browser context each time (no cache,
 *   no offline copy: a delegate's first open).
 */
import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { chromium } from 'playwright-core'
import { textOf } from '../shared/ydoc.ts'
import { DEMO_DOCUMENT } from '../server/demo/demoDocument.ts'
import { connectProvider, prng, sleep, whenSynced } from './clients.ts'
import { runLoad, type LoadResult } from './loadScenario.ts'
import { freshDataDir, startServer, type BenchServer } from './servers.ts'
import { spread, type Spread } from './coldLoad.ts'
import { LARGE_COMPACTED_ID, type LargeDoc } from './largeDoc.ts'

export interface RevisionRow {
  paragraphs: number
  /** Issuing Rev.1 and Rev.2 of the large document, ms each. */
  issue: number[]
  /** GET compare?from=1&to=2, ms. */
  compareRevisions: Spread
  /** GET compare?from=1&to=now, ms. */
  compareNow: Spread
  /** What the comparison of Rev.1 and Rev.2 counted (the edits made between them). */
  summary: Record<string, number>
  /** Typing in another document, without and with revisions being issued. */
  typing: { seconds: number; quiet: LoadResult; issuing: LoadResult; revisionsIssued: number; issueMs: Spread }
  /** Chromium, navigation to the whole text drawn, ms (null when there is no browser or client). */
  browser: { document: Spread; revision: Spread; chromium: string } | { error: string }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

async function api(server: BenchServer, method: string, route: string, body?: unknown): Promise<{ ms: number; json: unknown }> {
  const t0 = performance.now()
  const res = await fetch(`${server.httpUrl}/api/documents/${LARGE_COMPACTED_ID}${route}`, {
    method,
    headers: { ...server.headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json: unknown = await res.json()
  const ms = performance.now() - t0
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`)
  return { ms, json }
}

/** Live edits between Rev.1 and Rev.2, as the chair: typed and deleted words, removed paragraphs. */
async function editLive(server: BenchServer): Promise<void> {
  const editor = connectProvider(server, LARGE_COMPACTED_ID, 'chair')
  const witness = connectProvider(server, LARGE_COMPACTED_ID, 'witness')
  await Promise.all([whenSynced(editor), whenSynced(witness)])
  const random = prng(7)
  const recs: Y.XmlElement[] = []
  for (const node of textOf(editor.doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'recommendation')) recs.push(node as Y.XmlElement)
  for (let i = 0; i < 100; i++) {
    const text = recs[Math.floor(random() * recs.length)].get(0)
    if (!(text instanceof Y.XmlText)) continue
    const at = Math.floor(random() * text.length)
    if (random() < 0.3 && text.length > at + 12) text.delete(at, 12)
    else text.insert(at, ' as appropriate')
  }
  for (let i = 0; i < 5; i++) {
    const rec = recs[10 + i * 97]
    const parent = rec.parent as Y.XmlElement
    parent.delete(parent.toArray().indexOf(rec), 1)
  }
  const expected = textOf(editor.doc).toString()
  const deadline = performance.now() + 30_000
  while (textOf(witness.doc).toString() !== expected) {
    if (performance.now() > deadline) throw new Error('the live edits did not reach the server within 30 s')
    await sleep(20)
  }
  editor.destroy()
  witness.destroy()
}

async function statusChanges(server: BenchServer): Promise<void> {
  for (let i = 0; i < 20; i++) await api(server, 'POST', `/paragraphs/r-${3 + i * 23}/status`, { action: 'agree' })
  for (let i = 0; i < 5; i++) await api(server, 'POST', `/paragraphs/r-${7 + i * 89}/status`, { action: 'moveToAnnex', views: ['Some members considered ...', 'Other members ...'] })
}

async function timeRepeated(repeats: number, task: () => Promise<number>): Promise<Spread> {
  await task() // warm-up
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) samples.push(await task())
  return spread(samples)
}

/** 20 people typing in the demo document for `seconds`. */
async function typing(server: BenchServer, seconds: number): Promise<LoadResult> {
  return runLoad(server, { rooms: [DEMO_DOCUMENT.id], participants: 50, typistsPerRoom: 20, lightTypists: false, keysPerSecond: 5, seconds, connectConcurrency: 1 }, 11)
}

async function browserOpens(server: BenchServer, repeats: number): Promise<RevisionRow['browser']> {
  if (!fs.existsSync(CHROMIUM)) return { error: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'] })
  try {
    const [name, value] = (server.headers.cookie ?? '').split('=')
    const open = async (route: string, textSelector: string, count: number): Promise<number> => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
      try {
        if (name && value) await context.addCookies([{ name, value, url: server.httpUrl }])
        const page = await context.newPage()
        await page.goto(`${server.httpUrl}${route}`, { waitUntil: 'commit' })
        // performance.now() in the page counts from the navigation's start.
        const handle = await page.waitForFunction(
          ({ selector, n }) => {
            const paragraphs = document.querySelectorAll(selector)
            return paragraphs.length >= n && (paragraphs[paragraphs.length - 1]?.textContent ?? '') !== '' ? performance.now() : false
          },
          { selector: textSelector, n: count },
          { polling: 'raf', timeout: 60_000 },
        )
        return (await handle.jsonValue()) as number
      } finally {
        await context.close()
      }
    }
    const { json } = await api(server, 'GET', '/revisions/2/concordance')
    const inRev2 = (json as { rows: { now: string | null }[] }).rows.filter((r) => r.now !== null).length
    const live = await timeRepeated(repeats, () => open(`/documents/${LARGE_COMPACTED_ID}`, '.ProseMirror .recommendation', inRev2))
    const revision = await timeRepeated(repeats, () => open(`/documents/${LARGE_COMPACTED_ID}/revisions/2`, '.revision-text .recommendation', inRev2))
    return { document: live, revision, chromium: browser.version() }
  } finally {
    await browser.close()
  }
}

export async function runRevisionRow(large: LargeDoc, repeats: number, seconds: number, clientDir: string): Promise<RevisionRow> {
  const dataDir = freshDataDir('accord-revisions-')
  fs.copyFileSync(large.dbFile, path.join(dataDir, 'accord.sqlite'))
  process.env.BENCH_CLIENT_DIR = clientDir
  const server = await startServer('accord', { dataDir, cookie: large.cookie })
  try {
    const issue: number[] = []
    issue.push((await api(server, 'POST', '/revisions', { symbol: 'Bench/CRP.1/Rev.1' })).ms)
    await editLive(server)
    await statusChanges(server)
    issue.push((await api(server, 'POST', '/revisions', { symbol: 'Bench/CRP.1/Rev.2' })).ms)

    let summary: Record<string, number> = {}
    const compareRevisions = await timeRepeated(repeats, async () => {
      const { ms, json } = await api(server, 'GET', '/compare?from=1&to=2')
      summary = (json as { summary: Record<string, number> }).summary
      return ms
    })
    const compareNow = await timeRepeated(repeats, async () => (await api(server, 'GET', '/compare?from=1&to=now')).ms)

    const quiet = await typing(server, seconds)
    let stop = false
    const issueMs: number[] = []
    const issuing = (async () => {
      for (let n = 3; !stop; n++) {
        const t0 = performance.now()
        issueMs.push((await api(server, 'POST', '/revisions', { symbol: `Bench/CRP.1/Rev.${n}` })).ms)
        await sleep(Math.max(0, 1000 - (performance.now() - t0)))
      }
    })()
    const busy = await typing(server, seconds)
    stop = true
    await issuing

    const browser = await browserOpens(server, repeats).catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }))
    return {
      paragraphs: large.paragraphs,
      issue,
      compareRevisions,
      compareNow,
      summary,
      typing: { seconds, quiet, issuing: busy, revisionsIssued: issueMs.length, issueMs: spread(issueMs) },
      browser,
    }
  } finally {
    delete process.env.BENCH_CLIENT_DIR
    await server.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

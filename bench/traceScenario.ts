/**
 * Row (c): the automerge-paper editing trace (259,778 single-character edits by one author) sent
 * through the whole pipeline. A real WebsocketProvider applies each patch to the first
 * recommendation's Y.XmlText in its own Y.Doc, one transaction per patch, so each becomes its own
 * update and its own WebSocket message. A second real provider observes; the run ends when it
 * has received every update (on Accord an update is relayed only after it is committed to SQLite,
 * SPEC S1, so "received" means "stored"). Then the texts are compared and, for Accord, the server
 * is stopped and the document is read back from its SQLite file and compared too.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import * as Y from 'yjs'
import { SqliteStore } from '../server/storage/SqliteStore.ts'
import { ProcSampler, type WindowUsage } from './procStats.ts'
import { connectProvider, demoRoom, targetText, whenSynced } from './clients.ts'
import type { BenchServer } from './servers.ts'

type Patch = [pos: number, del: number, ins: string]

export interface Trace {
  name: string
  patches: Patch[]
  /** endContent when the whole trace is replayed, else null (checked against the sender). */
  endContent: string | null
  totalEdits: number
}

export function loadTrace(file: string, limit: number | null): Trace {
  const raw = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as {
    startContent: string
    endContent: string
    txns: { patches: Patch[] }[]
  }
  if (raw.startContent !== '') throw new Error('the trace does not start from an empty text')
  const all = raw.txns.flatMap((t) => t.patches)
  const patches = limit === null ? all : all.slice(0, limit)
  return { name: path.basename(file), patches, endContent: patches.length === all.length ? raw.endContent : null, totalEdits: all.length }
}

export interface TraceResult {
  updates: number
  seconds: number
  updatesPerSecond: number
  /** Time the sender alone took to apply and send every patch (the client-side floor). */
  senderSeconds: number
  usage: WindowUsage
  /** Server CPU per update, in microseconds. */
  serverMicrosPerUpdate: number
  /** The observer's text equals the sender's, and endContent when the whole trace ran. */
  verified: boolean
  /** Accord only: the text read back from SQLite after shutdown equals it too (null: n/a). */
  storedVerified: boolean | null
}

const CHUNK = 1000

/**
 * Runs the client's side of the pipeline once locally (sender doc -> update -> observer doc) on the
 * first 30,000 edits, so that whichever server is measured first does not pay for the load
 * generator's JIT warm-up.
 */
function warmUpClient(trace: Trace): void {
  const sender = new Y.Doc()
  const observer = new Y.Doc()
  sender.on('update', (u: Uint8Array) => Y.applyUpdate(observer, u))
  const text = new Y.XmlText()
  sender.getXmlFragment('warm-up').insert(0, [text])
  for (const [pos, del, ins] of trace.patches.slice(0, 30_000)) {
    sender.transact(() => {
      if (del > 0) text.delete(pos, del)
      if (ins) text.insert(pos, ins)
    })
  }
  sender.destroy()
  observer.destroy()
}

export async function runTrace(server: BenchServer, trace: Trace): Promise<TraceResult> {
  warmUpClient(trace)
  const room = await demoRoom(server)
  const sender = connectProvider(server, room, 'author')
  const observer = connectProvider(server, room, 'observer')
  await Promise.all([whenSynced(sender), whenSynced(observer)])
  const text = targetText(sender.doc)
  const suffix = text.toString() // the recommendation's original text ends up after the trace's

  let sent = 0
  let received = 0
  sender.doc.on('update', () => sent++)
  let finished: () => void = () => {}
  let generating = true
  observer.doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.local) return
    received++
    if (!generating && received >= sent) finished()
  })
  const allReceived = new Promise<void>((resolve) => {
    finished = resolve
  })

  const sampler = new ProcSampler(server.pid)
  sampler.start()
  const start = performance.now()
  for (let i = 0; i < trace.patches.length; i += CHUNK) {
    const end = Math.min(trace.patches.length, i + CHUNK)
    for (let j = i; j < end; j++) {
      const [pos, del, ins] = trace.patches[j]
      sender.doc.transact(() => {
        if (del > 0) text.delete(pos, del)
        if (ins) text.insert(pos, ins)
      })
    }
    await new Promise((resolve) => setImmediate(resolve)) // let the sockets and the observer run
  }
  const senderSeconds = (performance.now() - start) / 1000
  generating = false
  if (received >= sent) finished()
  await Promise.race([allReceived, timeout(600_000, `the observer to receive ${sent} updates`)])
  const seconds = (performance.now() - start) / 1000
  const usage = sampler.stop()

  const expected = trace.endContent === null ? text.toString() : trace.endContent + suffix
  const verified = text.toString() === expected && targetText(observer.doc).toString() === expected
  sender.destroy()
  observer.destroy()

  let storedVerified: boolean | null = null
  if (server.kind === 'accord' && server.dataDir) {
    await server.stop()
    storedVerified = storedText(server.dataDir, room) === expected
  }
  return {
    updates: sent,
    seconds,
    updatesPerSecond: sent / seconds,
    senderSeconds,
    usage,
    serverMicrosPerUpdate: (usage.cpuSeconds / sent) * 1e6,
    verified,
    storedVerified,
  }
}

/** The target text of `docId` as a restarted server would load it from SQLite (SPEC S5). */
function storedText(dataDir: string, docId: string): string {
  const store = new SqliteStore({ filename: path.join(dataDir, 'accord.sqlite') })
  try {
    const doc = new Y.Doc()
    for (const update of store.loadHistory(docId).updates) Y.applyUpdate(doc, update)
    return targetText(doc).toString()
  } finally {
    store.close()
  }
}

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms).unref())
}

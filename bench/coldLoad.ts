/**
 * Row (d): cold load of the large document (largeDoc.ts).
 *
 * End to end: a fresh server process on a fresh copy of the SQLite file, warmed up by a client
 * syncing a small document and then five copies of the same variant of the large one (each
 * loaded from SQLite and unloaded again), so that process start-up and JIT warm-up are not
 * counted: a cold document in a warm process, as in production. Then a fresh WebsocketProvider connects to the
 * large document and the time until it is synced is measured: connect, load from SQLite, sync
 * step 2, transfer, client-side apply.
 * Server side: the same steps CollabServer.loadRoom runs (store.loadHistory, then Room.load),
 * timed in this process on another copy of the file.
 * Reference: y-websocket 2 has no storage; it is given the same final state in memory and the
 * same fresh client is timed, which is the floor (no load at all) to compare with.
 */
import { DEFAULT_LIMITS } from '../shared/limits.ts'
import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { SqliteStore } from '../server/storage/SqliteStore.ts'
import { Room } from '../server/collab/Room.ts'
import { silentLogger } from '../server/collab/types.ts'
import { initialState, blankDocument } from '../server/documents/initialState.ts'
import { textOf } from '../shared/ydoc.ts'
import { connectProvider, whenSynced } from './clients.ts'
import { seedRoom } from './rawClient.ts'
import { freshDataDir, startServer, type BenchServer } from './servers.ts'
import { LARGE_COMPACTED_ID, SMALL_ID, largeDocIds, type LargeDoc, type LargeVariant } from './largeDoc.ts'

export type Variant = LargeVariant | 'reference'

export interface Spread {
  median: number
  min: number
  max: number
}

export interface ColdLoadRow {
  variant: Variant
  /** Fresh client connect to synced, ms. */
  endToEnd: Spread
  /** Server-side load (SQLite read + applying it to the room's Y.Doc), ms; null for the reference. */
  serverLoad: Spread | null
  sqliteRead: Spread | null
  /** Updates read from storage (snapshot + log rows). */
  storedUpdates: number | null
  /** The client's document equals the state that was written. */
  verified: boolean
}

export function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: sorted[Math.floor((sorted.length - 1) / 2)], min: sorted[0], max: sorted[sorted.length - 1] }
}

/**
 * Syncs the small document, then each warm-up copy of the variant once (each loaded from storage,
 * then unloaded), enough for V8 to optimise the code paths the measured load takes.
 */
async function warmUp(server: BenchServer, rooms: readonly string[]): Promise<void> {
  for (const room of [SMALL_ID, ...rooms]) {
    const client = connectProvider(server, room, 'warm-up')
    await whenSynced(client)
    client.destroy()
    await noOpenDocuments(server)
  }
}

async function noOpenDocuments(server: BenchServer): Promise<void> {
  if (server.kind !== 'accord') return
  for (;;) {
    const health = (await (await fetch(`${server.httpUrl}/api/health`)).json()) as { openDocuments: number }
    if (health.openDocuments === 0) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Times one fresh client from construction to synced, and checks what it got. */
async function timeClientSync(server: BenchServer, room: string, warm: readonly string[], expectedXml: string): Promise<{ ms: number; ok: boolean }> {
  await warmUp(server, warm)
  const start = performance.now()
  const client = connectProvider(server, room, 'reader')
  await whenSynced(client)
  const ms = performance.now() - start
  const ok = textOf(client.doc).toString() === expectedXml
  client.destroy()
  return { ms, ok }
}

async function accordRow(large: LargeDoc, variant: LargeVariant, repeats: number): Promise<ColdLoadRow> {
  const { id: docId, warm } = largeDocIds(variant)
  const endToEnd: number[] = []
  let verified = true
  for (let r = 0; r < repeats; r++) {
    const dataDir = freshDataDir('accord-cold-')
    fs.copyFileSync(large.dbFile, path.join(dataDir, 'accord.sqlite'))
    const server = await startServer('accord', { dataDir, cookie: large.cookie })
    try {
      const { ms, ok } = await timeClientSync(server, docId, warm, large.finalXml)
      endToEnd.push(ms)
      verified &&= ok
    } finally {
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }

  const dataDir = freshDataDir('accord-cold-')
  const file = path.join(dataDir, 'accord.sqlite')
  fs.copyFileSync(large.dbFile, file)
  const store = new SqliteStore({ filename: file })
  const reads: number[] = []
  const loads: number[] = []
  let storedUpdates = 0
  try {
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now()
      const history = store.loadHistory(docId)
      const t1 = performance.now()
      const room = new Room(docId, { markDirty: () => {}, schedule: () => {}, bindClient: () => {}, recordCommand: () => {}, failed: (_room, err) => { throw err }, closeConnection: () => {}, limits: DEFAULT_LIMITS, logger: silentLogger })
      room.load(history.updates, history.logLength)
      const t2 = performance.now()
      reads.push(t1 - t0)
      loads.push(t2 - t0)
      storedUpdates = history.updates.length
      verified &&= textOf(room.doc).toString() === large.finalXml
      room.close(1001, 'benchmark')
    }
  } finally {
    store.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  return { variant, endToEnd: spread(endToEnd), serverLoad: spread(loads), sqliteRead: spread(reads), storedUpdates, verified }
}

async function referenceRow(large: LargeDoc, repeats: number): Promise<ColdLoadRow> {
  const server = await startServer('reference')
  try {
    await seedRoom(`${server.wsUrl}/${SMALL_ID}?schema=1`, initialState(blankDocument('Small')))
    const { warm } = largeDocIds('compacted')
    for (const room of [...warm, LARGE_COMPACTED_ID]) await seedRoom(`${server.wsUrl}/${room}?schema=1`, large.finalState)
    const endToEnd: number[] = []
    let verified = true
    for (let r = 0; r < repeats; r++) {
      const { ms, ok } = await timeClientSync(server, LARGE_COMPACTED_ID, warm, large.finalXml)
      endToEnd.push(ms)
      verified &&= ok
    }
    return { variant: 'reference', endToEnd: spread(endToEnd), serverLoad: null, sqliteRead: null, storedUpdates: null, verified }
  } finally {
    await server.stop()
  }
}

/** Client-side cost alone: applying the final state to an empty Y.Doc, ms. */
export function clientApply(large: LargeDoc, repeats: number): Spread {
  const samples: number[] = []
  for (let r = 0; r < repeats; r++) {
    const doc = new Y.Doc()
    const t0 = performance.now()
    Y.applyUpdate(doc, large.finalState)
    samples.push(performance.now() - t0)
    doc.destroy()
  }
  return spread(samples)
}

export async function runColdLoad(large: LargeDoc, repeats: number): Promise<ColdLoadRow[]> {
  const rows: ColdLoadRow[] = []
  for (const variant of ['compacted', 'tail', 'log'] as const) rows.push(await accordRow(large, variant, repeats))
  rows.push(await referenceRow(large, repeats))
  return rows
}

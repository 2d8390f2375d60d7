/**
 * Rows (a) and (b): documents with typists, one observer and passive participants; keystroke-to-
 * peer latency, server CPU and RSS over the typing window.
 *
 * Per document: `typists` real WebsocketProviders typing, 1 real WebsocketProvider observing,
 * and the remaining participants as RawClients (see rawClient.ts): the server does the same work
 * for them, the load generator does not apply every update to hundreds of Y.Docs. With
 * `lightTypists` the typists are RawClients with a Y.Doc too (they send their keystrokes but do
 * not apply other people's), for loads where a hundred real providers would saturate the load
 * generator rather than the server.
 *
 * Convergence: at the end a fresh provider (the auditor) syncs each document; its text must equal
 * the observer's, and that of every real-provider typist.
 */
import * as Y from 'yjs'
import { ProcSampler, waitForQuiet, type WindowUsage } from './procStats.ts'
import { KeystrokeLog, Typist, runTyping, summarize, type LatencySummary } from './latency.ts'
import { connectProvider, connectRaw, inParallel, prng, sleep, targetText, whenSynced, type ProviderClient } from './clients.ts'
import type { RawClient } from './rawClient.ts'
import type { BenchServer } from './servers.ts'

export interface LoadParams {
  rooms: readonly string[]
  /** Participants per document, including typists and the observer. */
  participants: number
  typistsPerRoom: number
  /** Typists as RawClients with a Y.Doc instead of WebsocketProviders. */
  lightTypists: boolean
  keysPerSecond: number
  seconds: number
  /** Documents connected at the same time while setting up. */
  connectConcurrency: number
  /** Per document, when they differ (row (g): a plenary of listeners beside busy break-outs). */
  shapes?: readonly { participants: number; typists: number }[]
}

export interface LoadResult {
  latency: LatencySummary
  keystrokes: number
  /** Keystrokes the observer had not seen 10 s after typing stopped. */
  lost: number
  usage: WindowUsage
  connections: number
  /** Every client of every document ended with the same text. */
  converged: boolean
  /** Provider reconnects plus passive connections lost during the run (0 expected). */
  dropped: number
  /** Keystroke latency seen in each document, in the order of `rooms`. */
  perRoom: LatencySummary[]
}

interface RoomClients {
  room: string
  observer: ProviderClient
  typists: ProviderClient[]
  /** Light typists, and the passive participants. */
  raw: RawClient[]
}

export async function runLoad(server: BenchServer, params: LoadParams, seed: number): Promise<LoadResult> {
  const random = prng(seed)
  const logs = params.rooms.map(() => new KeystrokeLog())
  const rooms: RoomClients[] = []
  await inParallel(params.rooms.length, params.connectConcurrency, async (r) => {
    const shape = params.shapes?.[r]
    const roomParams = shape ? { ...params, participants: shape.participants, typistsPerRoom: shape.typists } : params
    rooms[r] = await connectRoom(server, params.rooms[r], roomParams, logs[r])
  })
  await waitForQuiet(server.pid) // let the connection-time sync and awareness traffic settle
  await sleep(1000)

  const typists = rooms.flatMap((room, r) => [
    ...room.typists.map((c) => new Typist(c.doc, logs[r], random)),
    ...room.raw.flatMap((c) => (c.doc ? [new Typist(c.doc, logs[r], random)] : [])),
  ])
  const sampler = new ProcSampler(server.pid)
  sampler.start()
  await runTyping(typists, params.keysPerSecond, params.seconds * 1000, random)
  const usage = sampler.stop()
  await Promise.all(logs.map((l) => l.drain(10_000)))

  // Typists apply each other's keystrokes after the observer may have: give them time to catch up.
  const deadline = performance.now() + 15_000
  while (!rooms.every(sameText) && performance.now() < deadline) await sleep(100)
  let converged = rooms.every(sameText)
  await inParallel(rooms.length, params.connectConcurrency, async (r) => {
    const auditor = connectProvider(server, rooms[r].room, 'auditor')
    await whenSynced(auditor)
    if (targetText(auditor.doc).toString() !== targetText(rooms[r].observer.doc).toString()) converged = false
    auditor.destroy()
  })
  let dropped = 0
  for (const room of rooms) {
    for (const c of [room.observer, ...room.typists]) dropped += c.connects - 1
    for (const p of room.raw) if (p.closedUnexpectedly) dropped++
  }
  for (const room of rooms) {
    for (const c of [room.observer, ...room.typists]) c.destroy()
    for (const p of room.raw) p.close()
  }
  return {
    latency: summarize(logs.flatMap((l) => l.latencies)),
    keystrokes: logs.reduce((n, l) => n + l.sent, 0),
    lost: logs.reduce((n, l) => n + l.outstanding, 0),
    usage,
    connections: params.shapes ? params.shapes.reduce((n, sh) => n + sh.participants, 0) : params.rooms.length * params.participants,
    perRoom: logs.map((l) => summarize(l.latencies)),
    converged,
    dropped,
  }
}

async function connectRoom(server: BenchServer, room: string, params: LoadParams, log: KeystrokeLog): Promise<RoomClients> {
  // The observer first: on Accord it makes the server load the document.
  const observer = connectProvider(server, room, 'observer')
  await whenSynced(observer)
  log.watch(observer)
  const typists: ProviderClient[] = []
  const raw: RawClient[] = []
  const light = params.lightTypists ? params.typistsPerRoom : 0
  for (let i = 0; i < params.typistsPerRoom - light; i++) typists.push(connectProvider(server, room, `typist ${i + 1}`))
  await Promise.all(typists.map((t) => whenSynced(t)))
  const rawCount = params.participants - 1 - typists.length
  for (let i = 0; i < rawCount; i += 50) {
    const batch: RawClient[] = []
    for (let j = i; j < Math.min(rawCount, i + 50); j++) {
      batch.push(j < light ? connectRaw(server, room, `typist ${j + 1}`, new Y.Doc()) : connectRaw(server, room, `delegate ${j + 1}`))
    }
    raw.push(...batch)
    await Promise.all(batch.map((p) => p.synced))
  }
  return { room, observer, typists, raw }
}

function sameText(room: RoomClients): boolean {
  const expected = targetText(room.observer.doc).toString()
  return room.typists.every((t) => targetText(t.doc).toString() === expected)
}

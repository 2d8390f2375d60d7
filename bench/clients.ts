/**
 * Real clients (y-websocket 3.1 WebsocketProvider over `ws`, BroadcastChannel off) and the
 * documents they open on each server: Accord creates documents itself (the demo, or blank ones
 * through POST /api/documents); the reference accepts any room, so the benchmark seeds it with the
 * same initial content Accord's server would have written.
 */
import * as Y from 'yjs'
import WS from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { textOf } from '../shared/ydoc.ts'
import { initialState, blankDocument } from '../server/documents/initialState.ts'
import { DEMO_DOCUMENT, DEMO_GROUP, demoConsensus, demoContent } from '../server/demo/demoDocument.ts'
import { RawClient, seedRoom } from './rawClient.ts'
import type { BenchServer } from './servers.ts'

export interface ProviderClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** How many times the provider (re)connected; more than 1 means a connection was lost. */
  connects: number
  destroy(): void
}

/** `ws` with the server's headers (the session cookie) on every connection the provider opens. */
type SocketClass = new (address: string | URL, protocols?: string | string[]) => WS
const socketClasses = new WeakMap<BenchServer, SocketClass>()
function socketClass(server: BenchServer): SocketClass {
  let cls = socketClasses.get(server)
  if (!cls) {
    const headers = server.headers
    cls = class extends WS {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers })
      }
    }
    socketClasses.set(server, cls)
  }
  return cls
}

export function connectProvider(server: BenchServer, room: string, name: string): ProviderClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server.wsUrl, room, doc, {
    WebSocketPolyfill: socketClass(server) as unknown as typeof WebSocket,
    disableBc: true,
    params: { schema: '1' },
  })
  provider.awareness.setLocalStateField('user', { name })
  const client: ProviderClient = {
    doc,
    provider,
    connects: 0,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
  provider.on('status', ({ status }) => {
    if (status === 'connected') client.connects++
  })
  return client
}

export function whenSynced(client: ProviderClient, timeoutMs = 60_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider for ${client.provider.roomname} did not sync in ${timeoutMs} ms`)), timeoutMs)
    const onSync = (synced: boolean): void => {
      if (!synced) return
      clearTimeout(timer)
      client.provider.off('sync', onSync)
      resolve()
    }
    client.provider.on('sync', onSync)
  })
}

export function connectRaw(server: BenchServer, room: string, name: string, doc: Y.Doc | null = null): RawClient {
  return new RawClient(`${server.wsUrl}/${room}?schema=1`, name, server.headers, doc)
}

/**
 * The text the typists edit: the first Y.XmlText of the first `recommendation`, or of the first
 * `topicHeading` in a blank document (which has no recommendation).
 */
export function targetText(doc: Y.Doc): Y.XmlText {
  for (const nodeName of ['recommendation', 'topicHeading']) {
    for (const node of textOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === nodeName)) {
      const text = (node as Y.XmlElement).toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)
      if (text) return text
    }
  }
  throw new Error('the document has no recommendation or topic heading text to type into')
}

/** The demo rolling document (five topics, fifteen recommendations) on `server`. */
export async function demoRoom(server: BenchServer): Promise<string> {
  if (server.kind === 'reference') {
    await seedRoom(`${server.wsUrl}/${DEMO_DOCUMENT.id}?schema=1`, initialState(demoContent(), demoConsensus()))
  }
  return DEMO_DOCUMENT.id
}

/** `count` new blank documents: Accord through its HTTP API, the reference seeded by a client. */
export async function blankRooms(server: BenchServer, count: number): Promise<string[]> {
  const ids: string[] = []
  await inParallel(count, 16, async (i) => {
    const title = `Bench document ${i + 1}`
    if (server.kind === 'accord') {
      const res = await fetch(`${server.httpUrl}/api/documents`, {
        method: 'POST',
        headers: { ...server.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title, groupId: DEMO_GROUP.id }),
      })
      if (res.status !== 201) throw new Error(`POST /api/documents answered ${res.status}: ${await res.text()}`)
      ids[i] = ((await res.json()) as { document: { id: string } }).document.id
    } else {
      ids[i] = `bench-${i + 1}`
      await seedRoom(`${server.wsUrl}/${ids[i]}?schema=1`, initialState(blankDocument(title)))
    }
  })
  return ids
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight. */
export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A small deterministic PRNG (mulberry32), so that every run types the same keys. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Row (g): the demo plenary and two break-outs of it (topics B and C). Accord: created by the
 * chair's command, facilitated by a member of the demo group; the reference: two more documents
 * seeded with the same paragraphs.
 */
export async function breakoutRooms(server: BenchServer): Promise<string[]> {
  const plenary = await demoRoom(server)
  if (server.kind !== 'accord') {
    for (const id of ['breakout-1', 'breakout-2']) await seedRoom(`${server.wsUrl}/${id}?schema=1`, initialState(demoContent(), demoConsensus()))
    return [plenary, 'breakout-1', 'breakout-2']
  }
  const members = (await (await fetch(`${server.httpUrl}/api/groups/${DEMO_GROUP.id}/members`, { headers: server.headers })).json()) as { members: { id: string; role: string }[] }
  const facilitator = members.members.find((m) => m.role === 'member')
  if (!facilitator) throw new Error('the demo group has no member to facilitate')
  const ids: string[] = []
  for (const [i, topic] of ['t-demo-b', 't-demo-c'].entries()) {
    const res = await fetch(`${server.httpUrl}/api/documents/${plenary}/breakouts`, {
      method: 'POST',
      headers: { ...server.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Break-out group ${i + 1}`, facilitatorId: facilitator.id, topicIds: [topic] }),
    })
    if (res.status !== 201) throw new Error(`creating a break-out answered ${res.status}: ${await res.text()}`)
    ids.push(((await res.json()) as { breakout: { id: string } }).breakout.id)
  }
  return [plenary, ...ids]
}

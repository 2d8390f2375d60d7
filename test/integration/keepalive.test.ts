/**
 * The WebSocket shell's keepalive and upgrade handling (SPEC P1, P3, P6), on a small server built
 * from attachCollabSockets whose keepalive ticks only when the test says so: no wall-clock timing.
 */
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import WS from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import { CollabServer } from '../../server/collab/CollabServer.ts'
import { attachCollabSockets, type CollabSockets } from '../../server/http/collabSockets.ts'
import { silentLogger } from '../../server/collab/types.ts'
import { SqliteStore } from '../../server/storage/SqliteStore.ts'
import { AccessStore } from '../../server/access/AccessStore.ts'
import { SESSION_COOKIE } from '../../server/http/auth.ts'
import { awarenessFrame, harnessContent } from '../helpers/fakeClient.ts'
import { addRecommendation, connectPeer, waitFor, waitSynced, xmlOf, type Peer } from '../helpers/peers.ts'

let httpServer: http.Server
let sockets: CollabSockets
let collab: CollabServer
let store: SqliteStore
let port: number
let wsUrl: string
let cookie: string
let a: Peer
let b: Peer
/** One keepalive tick of the server: pings everyone, drops whoever did not answer the last ping. */
let tick: () => void = () => {
  throw new Error('the keepalive clock has not started')
}
/** Keepalive ticks so far, and the pings each peer's socket has received. */
let ticks = 0
const pings = new Map<Peer, number>()
let marks = 0

/** A member of group `wgec`, signed in: the Cookie header value. */
function signIn(access: AccessStore): string {
  const member = access.addMember({ groupId: 'wgec', displayName: 'Keeper', delegation: 'Kenya', role: 'member' })
  const result = access.signIn(access.invite(member.id).token)
  if (!result.ok) throw new Error(result.why)
  return `${SESSION_COOKIE}=${result.sessionToken}`
}

beforeAll(async () => {
  store = new SqliteStore({ filename: ':memory:' })
  store.createGroup({ id: 'wgec', name: 'G', createdAt: '2026-01-01T00:00:00.000Z' })
  store.createDocument({ id: 'doc1', groupId: 'wgec', title: 'Doc', createdAt: '2026-01-01T00:00:00.000Z' }, harnessContent())
  const access = new AccessStore(store.db)
  cookie = signIn(access)
  collab = new CollabServer({ store })
  httpServer = http.createServer((_req, res) => res.writeHead(404).end())
  sockets = attachCollabSockets(httpServer, {
    collab,
    access,
    store,
    allowedOrigins: ['http://localhost'],
    logger: silentLogger,
    maxMessageBytes: 1 << 20,
    keepaliveClock: (run) => {
      tick = run
      return () => {}
    },
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  port = (httpServer.address() as AddressInfo).port
  wsUrl = `ws://127.0.0.1:${port}/collab`
  a = connectPeer(wsUrl, 'doc1', { cookie })
  b = connectPeer(wsUrl, 'doc1', { cookie })
  await waitSynced(a)
  await waitSynced(b)
  countPings(a)
  countPings(b)
})

afterAll(async () => {
  a.destroy()
  b.destroy()
  collab.close()
  sockets.close()
  await new Promise((resolve) => httpServer.close(resolve))
  store.close()
})

function tickServer(): void {
  ticks++
  tick()
}

/** Counts the pings reaching `peer` (ws emits `ping` after it has queued the pong). */
function countPings(peer: Peer): void {
  const ws = peer.provider.ws as unknown as WS | null
  if (!ws) throw new Error('the peer has no socket')
  pings.set(peer, 0)
  ws.on('ping', () => pings.set(peer, pings.get(peer)! + 1))
}

/**
 * Runs one keepalive tick and waits until the server has read A's and B's pongs: each peer's pong
 * is sent before the edit it makes after the ping, so once the other peer sees that edit, the
 * server has read the pong (one TCP stream, frames in order).
 */
async function tickAndAnswer(): Promise<void> {
  tickServer()
  // Every tick pings every open socket, and A and B were open before the first.
  await waitFor(() => pings.get(a) === ticks && pings.get(b) === ticks, 'A and B to be pinged')
  for (const [from, to] of [[a, b], [b, a]] as const) {
    const mark = `after ping ${marks++}`
    addRecommendation(from.doc, mark)
    await waitFor(() => xmlOf(to.doc).includes(mark), `the edit sent after the pong (${mark})`)
  }
}

describe('[P6] keepalive', () => {
  it('[P6] a connection that stops answering pings is dropped and its presence removed', async () => {
    const ghostDoc = new Y.Doc()
    const ghostAwareness = new awarenessProtocol.Awareness(ghostDoc)
    ghostAwareness.setLocalState({ name: 'Ghost' })
    // autoPong: false makes this socket ignore the server's pings, like a vanished laptop.
    const ghost = new WS(`${wsUrl}/doc1?schema=1`, { autoPong: false, headers: { cookie } })
    const closed = new Promise<number>((resolve) => ghost.on('close', (code) => resolve(code)))
    await new Promise((resolve) => ghost.once('message', resolve)) // greeted: the document is loaded
    ghost.send(awarenessFrame(ghostAwareness, [ghostDoc.clientID]))
    await waitFor(() => a.provider.awareness.getStates().has(ghostDoc.clientID), 'A to see the ghost')

    const ghostPinged = new Promise((resolve) => ghost.once('ping', resolve))
    await tickAndAnswer()
    await ghostPinged
    expect(ghost.readyState).toBe(WS.OPEN) // one unanswered ping is not yet a miss
    tickServer() // the ghost missed the last ping; A and B answered theirs
    expect(await closed).toBe(1006) // terminated, no close frame
    await waitFor(() => !a.provider.awareness.getStates().has(ghostDoc.clientID), 'the ghost to disappear for A')
    expect(b.provider.awareness.getStates().has(ghostDoc.clientID)).toBe(false)
    ghostAwareness.destroy()
  })

  it('[P6] clients that answer pings stay connected through many intervals', async () => {
    for (let i = 0; i < 6; i++) await tickAndAnswer()
    expect(a.closes).toEqual([])
    expect(b.closes).toEqual([])
  })
})

/** Sends a raw upgrade request for `target`; resolves with the status line of the answer. */
function rawUpgrade(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(
        `GET ${target} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nCookie: ${cookie}\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      )
    })
    sock.setTimeout(5000, () => sock.destroy())
    let data = ''
    sock.on('data', (chunk: Buffer) => {
      data += chunk.toString()
      if (data.includes('\r\n')) sock.destroy()
    })
    sock.on('close', () => resolve(data.split('\r\n')[0] ?? ''))
    sock.on('error', reject)
  })
}

describe('[P1] upgrade requests', () => {
  it('[P1] upgrades /collab/<documentId>', async () => {
    expect(await rawUpgrade('/collab/doc1?schema=1')).toBe('HTTP/1.1 101 Switching Protocols')
  })

  it.each([
    ['a malformed %-escape', '/collab/%E0%A4%A'],
    ['an unparsable absolute URL', 'http://[/collab/doc1'],
    ['a path outside /collab', '/elsewhere/doc1'],
    ['an invalid document id', '/collab/no%20spaces'],
  ])('[P3] %s is refused with 404 and the server carries on', async (_name, target) => {
    expect(await rawUpgrade(target)).toBe('HTTP/1.1 404 Not Found')
    addRecommendation(a.doc, `after ${target}`)
    await waitFor(() => xmlOf(b.doc).includes(`after ${target}`), 'B to see A\'s edit')
  })
})

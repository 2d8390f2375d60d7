/**
 * The WebSocket shell's keepalive and upgrade handling (SPEC P1, P3, P6), on a small server built
 * from attachCollabSockets with a fast ping interval.
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

const PING_MS = 50
let httpServer: http.Server
let sockets: CollabSockets
let collab: CollabServer
let store: SqliteStore
let port: number
let wsUrl: string
let cookie: string
let a: Peer
let b: Peer

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
    pingIntervalMs: PING_MS,
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  port = (httpServer.address() as AddressInfo).port
  wsUrl = `ws://127.0.0.1:${port}/collab`
  a = connectPeer(wsUrl, 'doc1', { cookie })
  b = connectPeer(wsUrl, 'doc1', { cookie })
  await waitSynced(a)
  await waitSynced(b)
})

afterAll(async () => {
  a.destroy()
  b.destroy()
  collab.close()
  sockets.close()
  await new Promise((resolve) => httpServer.close(resolve))
  store.close()
})

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

    expect(await closed).toBe(1006) // terminated, no close frame
    await waitFor(() => !a.provider.awareness.getStates().has(ghostDoc.clientID), 'the ghost to disappear for A')
    expect(b.provider.awareness.getStates().has(ghostDoc.clientID)).toBe(false)
    ghostAwareness.destroy()

    // Clients that answer pings stay connected through many intervals.
    await new Promise((resolve) => setTimeout(resolve, PING_MS * 6))
    expect(a.closes).toEqual([])
    addRecommendation(a.doc, 'still connected')
    await waitFor(() => xmlOf(b.doc).includes('still connected'), 'B to see A\'s edit')
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

/**
 * Bad frames over a raw WebSocket against the real server close only that connection, with the
 * right code, while a y-websocket provider on the same document keeps working (SPEC P3-P6, Y3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WS from 'ws'
import { CloseCode } from '../../shared/protocol.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { addRecommendation, connectPeer, createDocument, waitFor, waitSynced, xmlOf, type Peer } from '../helpers/peers.ts'

const MAX = 4096
let server: TestServer
let docId: string
let cookie: string
let a: Peer
let b: Peer
beforeAll(async () => {
  server = await startTestServer({ maxMessageBytes: MAX })
  cookie = server.signIn('member').cookie
  docId = await createDocument(server.httpUrl, server.chair.cookie)
  a = connectPeer(server.wsUrl, docId, { cookie })
  b = connectPeer(server.wsUrl, docId, { cookie: server.signIn('member').cookie })
  await waitSynced(a)
  await waitSynced(b)
})
afterAll(async () => {
  a.destroy()
  b.destroy()
  await server.stop()
})

interface RawResult {
  code: number
  reason: string
  /** Kinds of frames received before the close: the greeting arrives before anything else. */
  received: number
}

/** Opens a raw socket, waits for the server's greeting, sends `frame`, resolves on close. */
function sendRaw(frame: Uint8Array | string | null, path = `/${docId}?schema=1`): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const ws = new WS(`${server.wsUrl}${path}`, { headers: { cookie } })
    let received = 0
    ws.on('message', () => {
      if (received++ === 0 && frame !== null) ws.send(frame)
    })
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), received }))
    ws.on('error', reject)
  })
}

/** The providers still work: an edit by A reaches B. */
async function providersStillWork(label: string): Promise<void> {
  addRecommendation(a.doc, label)
  await waitFor(() => xmlOf(b.doc).includes(label), `B to see "${label}"`)
  expect(a.closes).toEqual([])
  expect(b.closes).toEqual([])
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values)

describe('[P3] malformed frames over the wire', () => {
  const cases: [string, Uint8Array | string][] = [
    ['an unknown message type', bytes(99)],
    ['a truncated frame', bytes(0x80)],
    ['an unknown sync subtype', bytes(0, 9, 0)],
    ['trailing bytes', bytes(3, 1, 2)],
    ['a length prefix past the end', bytes(0, 2, 50, 1, 2, 3)],
    ['garbage update bytes', bytes(0, 2, 3, 1, 2, 3)],
    ['a text frame', 'hello'],
  ]
  it.each(cases)('[P3] %s closes that connection with 4400; the providers carry on', async (name, frame) => {
    const result = await sendRaw(frame)
    expect(result.received).toBeGreaterThan(0) // it was greeted, so the close is about the frame
    expect(result.code).toBe(CloseCode.MalformedMessage)
    expect(result.reason.length).toBeGreaterThan(0)
    await providersStillWork(`after ${name}`)
  })
})

describe('[P4] frame size over the wire', () => {
  it('[P4] a frame over the limit closes that connection with 4413; the providers carry on', async () => {
    const result = await sendRaw(new Uint8Array(MAX + 1))
    expect(result.code).toBe(CloseCode.MessageTooBig)
    expect(result.reason).toMatch(/exceeds the limit/)
    await providersStillWork('after an oversized frame')
  })

  it('[P4] a provider whose update is too big is closed with 4413 and does not reconnect', async () => {
    const big = connectPeer(server.wsUrl, docId, { cookie })
    try {
      await waitSynced(big)
      addRecommendation(big.doc, 'x'.repeat(MAX * 1.5))
      await waitFor(() => big.closes.length > 0, 'the oversized provider to be closed')
      expect(big.closes[0]!.code).toBe(CloseCode.MessageTooBig)
      expect(big.provider.shouldConnect).toBe(false) // 44xx is terminal for y-websocket
      await providersStillWork('after an oversized update')
      expect(xmlOf(a.doc)).not.toContain('xxxxxxxx')
    } finally {
      big.destroy()
    }
  })
})

describe('refusals over the wire', () => {
  it('[P5][A4] an unknown document is refused at the upgrade (403, like another group\'s: no existence oracle)', async () => {
    await expect(sendRaw(null, '/d-doesnotexist?schema=1')).rejects.toThrow(/403/)
    await providersStillWork('after an unknown document')
  })

  it('[Y3] another schema version closes with 4426', async () => {
    const result = await sendRaw(null, `/${docId}?schema=2`)
    expect(result).toMatchObject({ code: CloseCode.SchemaMismatch, received: 0 })
    expect(result.reason).toMatch(/reload/)
  })

  it('[P1] a path that is not a document id is refused at the upgrade', async () => {
    await expect(sendRaw(null, '/bad%20id!')).rejects.toThrow(/404/)
  })
})

describe('[P6] awareness over the wire', () => {
  it('[P6][R9] presence is relayed to the others and removed when a client leaves', async () => {
    // The name shown is the member's, from the session (R9), whatever the client wrote.
    const carol = server.signIn('member', { displayName: 'Carol' })
    const c = connectPeer(server.wsUrl, docId, { cookie: carol.cookie })
    await waitSynced(c)
    c.provider.awareness.setLocalStateField('user', { name: 'Mallory' })
    const name = (p: Peer): unknown =>
      (p.provider.awareness.getStates().get(c.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name
    await waitFor(() => name(a) === 'Carol' && name(b) === 'Carol', 'A and B to see Carol')
    const room = server.server.collab.rooms.get(docId)!
    expect((room.awareness.getStates().get(c.doc.clientID) as { user: { name: string } }).user.name).toBe('Carol')

    c.destroy()
    await waitFor(() => !a.provider.awareness.getStates().has(c.doc.clientID), 'A to see Carol leave')
    expect(room.awareness.getStates().has(c.doc.clientID)).toBe(false)
    // A and B re-broadcast what they hear (y-websocket does): harmless echoes, nobody is closed.
    await providersStillWork('after presence came and went')
  })
})

/**
 * CollabServer's protocol rules over in-memory sockets: refusals, malformed frames, frame size
 * and awareness (SPEC P3-P6, Y3).
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.ts'
import { textOf } from '../../shared/ydoc.ts'
import { collabHarness, frameKind, loadStored, stampedUser, syncStep1Frame } from '../helpers/fakeClient.ts'

let harness: ReturnType<typeof collabHarness>
afterEach(() => harness.dispose())

const frame = (...bytes: number[]): Uint8Array => new Uint8Array(bytes)

const MALFORMED: [string, Uint8Array][] = [
  ['an empty frame', frame()],
  ['a truncated message type', frame(0x80)],
  ['a sync message without its subtype', frame(0)],
  ['an unknown message type (99)', frame(99)],
  ['an auth message, which only the server sends', frame(2, 0)],
  ['an unknown sync subtype', frame(0, 7, 0)],
  ['trailing bytes after query awareness', frame(3, 0)],
  ['trailing bytes after sync step 1', (() => {
    const step1 = syncStep1Frame(new Y.Doc())
    return frame(...step1, 0)
  })()],
  ['a length prefix past the end of the frame', frame(0, 0, 10, 1, 2)],
  ['garbage update bytes', frame(0, 2, 3, 1, 2, 3)],
  ['garbage sync step 2 bytes', frame(0, 1, 4, 255, 255, 255, 255)],
  ['a garbage state vector', frame(0, 0, 1, 255)],
  ['garbage awareness bytes', frame(1, 3, 1, 2, 3)],
]

describe('[P3] malformed frames', () => {
  it.each(MALFORMED)('[P3] %s closes that connection only, with 4400 and a reason', (_name, bad) => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    const c = harness.connect()
    harness.settle()
    const room = harness.collab.rooms.get('doc1')!
    const before = textOf(room.doc).toString()

    a.send(bad)
    expect(a.socket.closeCode).toBe(CloseCode.MalformedMessage)
    expect(a.socket.closeReason.length).toBeGreaterThan(0)
    expect(b.closed || c.closed).toBe(false)
    expect(textOf(room.doc).toString()).toBe(before)

    // Frames after the close are ignored; the others keep syncing.
    a.type(' from a closed connection')
    b.type(' still here')
    harness.settle()
    expect(c.text()).toContain('Start: still here')
    expect(c.text()).not.toContain('closed connection')
    expect(harness.collab.rooms.get('doc1')).toBe(room)
    expect(room.connectionCount).toBe(2)
  })

  it('[P3] a malformed frame sent before the load closes the connection once the load replays it', () => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    a.send(frame(99))
    expect(a.closed).toBe(false) // still waiting for the load
    harness.settle()
    expect(a.socket.closeCode).toBe(CloseCode.MalformedMessage)
    expect(b.closed).toBe(false)
    expect(b.text()).toContain('Start:')
  })

  it('[P3] a malformed update leaves nothing stored or sent', () => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    harness.settle()
    const seen = b.socket.sent.length
    a.send(frame(0, 2, 3, 1, 2, 3))
    harness.settle()
    expect(harness.store.appendCalls).toHaveLength(0)
    expect(b.socket.sent.length).toBe(seen)
  })
})

describe('[P4] frame size', () => {
  it('[P4] a frame over the limit closes that connection only, with 4413', () => {
    harness = collabHarness({ maxMessageBytes: 200 })
    const a = harness.connect()
    const b = harness.connect()
    harness.settle()
    a.send(new Uint8Array(201))
    expect(a.socket.closeCode).toBe(CloseCode.MessageTooBig)
    expect(a.socket.closeReason).toContain('201')
    b.type(' fine')
    harness.settle()
    expect(b.closed).toBe(false)
    expect(loadStored(harness.store, 'doc1').getXmlFragment('prosemirror').toString()).toContain('Start: fine')
  })

  it('[P4] a frame at the limit is accepted', () => {
    harness = collabHarness({ maxMessageBytes: 200 })
    const a = harness.connect()
    harness.settle()
    const update = frame(0, 2, 2, 0, 0) // an empty update: valid, changes nothing
    const padded = new Uint8Array(200)
    padded.set(update)
    a.send(update)
    expect(a.closed).toBe(false)
    a.send(padded) // the same, with trailing bytes: refused for its content, not its size
    expect(a.socket.closeCode).toBe(CloseCode.MalformedMessage)
  })

  it('[P4] an oversized frame is refused even while the document loads', () => {
    harness = collabHarness({ maxMessageBytes: 200 })
    const a = harness.connect()
    a.send(new Uint8Array(1000))
    expect(a.socket.closeCode).toBe(CloseCode.MessageTooBig)
  })
})

describe('refusals', () => {
  it('[P5] a connection to an unknown document is closed with 4404 and loads nothing', () => {
    harness = collabHarness()
    const a = harness.connect('no-such-doc')
    expect(a.socket.closeCode).toBe(CloseCode.DocumentNotFound)
    expect(a.socket.closeReason).toContain('no-such-doc')
    expect(a.socket.sent).toEqual([])
    expect(harness.collab.rooms.size).toBe(0)
    expect(harness.scheduler.pending).toBe(0)
  })

  it('[Y3] a client with another schema version is closed with 4426 and asked to reload', () => {
    harness = collabHarness()
    for (const schemaVersion of [0, 2, Number.NaN]) {
      const a = harness.connect('doc1', { schemaVersion })
      expect(a.socket.closeCode).toBe(CloseCode.SchemaMismatch)
      expect(a.socket.closeReason).toMatch(/reload/)
    }
    expect(harness.collab.rooms.size).toBe(0)
    const ok = harness.connect('doc1', { schemaVersion: 1 })
    const unstated = harness.connect('doc1', {})
    harness.settle()
    expect(ok.closed || unstated.closed).toBe(false)
    expect(ok.text()).toContain('Start:')
  })
})

describe('[P6] awareness', () => {
  it('[P6] awareness is relayed within the turn to every connection, the sender included, in one message per turn', () => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    harness.settle()
    a.setPresence({ name: 'Alice' })
    a.setPresence({ name: 'Alice', cursor: 1 })
    expect(a.unread).toEqual([])
    harness.scheduler.run()
    // No commit needed: presence is not stored. Two changes in one turn: one message.
    expect(a.unread.map(frameKind)).toEqual(['awareness'])
    expect(b.unread.map(frameKind)).toEqual(['awareness'])
    b.pump()
    expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ name: 'Alice', cursor: 1, user: stampedUser() })
    expect(harness.store.appendCalls).toHaveLength(0)
  })

  it('[P6] a newcomer is told who is here, and query awareness answers with every state', () => {
    harness = collabHarness()
    const a = harness.connect()
    harness.settle()
    a.setPresence({ name: 'Alice' })
    const c = harness.connect()
    c.pump()
    expect(c.awareness.getStates().get(a.doc.clientID)).toEqual({ name: 'Alice', user: stampedUser() })
    c.send(frame(3))
    expect(c.unread.map(frameKind)).toEqual(['awareness'])
  })

  it('[P6] a connection\'s awareness states are removed when it closes', () => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    harness.settle()
    a.setPresence({ name: 'Alice' })
    b.setPresence({ name: 'Bob' })
    harness.settle()
    expect(b.awareness.getStates().has(a.doc.clientID)).toBe(true)
    const room = harness.collab.rooms.get('doc1')!
    expect(room.awareness.getStates().has(a.doc.clientID)).toBe(true)

    a.disconnect()
    expect(room.awareness.getStates().has(a.doc.clientID)).toBe(false)
    harness.scheduler.run()
    expect(b.unread.map(frameKind)).toEqual(['awareness'])
    b.pump()
    expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false)
    expect(b.awareness.getStates().get(b.doc.clientID)).toEqual({ name: 'Bob' })
  })

  it('[P6] a connection closed for a malformed frame also loses its awareness states', () => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    harness.settle()
    a.setPresence({ name: 'Alice' })
    harness.settle()
    a.send(frame(99))
    harness.settle()
    b.pump()
    expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false)
  })
})

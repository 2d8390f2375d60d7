/**
 * CollabServer's storage guarantees, driven through in-memory sockets with a manual scheduler so
 * the test decides when the group commit runs (SPEC S1, S3, S4, P2).
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.ts'
import { textOf } from '../../shared/ydoc.ts'
import { CollabServer } from '../../server/collab/CollabServer.ts'
import { CountingStore, FakeClient, collabHarness, frameKind, harnessContent, loadStored } from '../helpers/fakeClient.ts'

let harness: ReturnType<typeof collabHarness>
afterEach(() => harness.dispose())

const storedXml = (docId = 'doc1'): string => textOf(loadStored(harness.store, docId)).toString()
const logLength = (docId = 'doc1'): number => harness.store.loadHistory(docId).logLength

describe('[S1] commit before broadcast', () => {
  it('[S1] an update from A is not delivered to B before the commit, and is delivered after', () => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    harness.settle()
    const logAtDelivery: number[] = []
    b.socket.onSend = (frame) => {
      if (frameKind(frame) === 'sync-update') logAtDelivery.push(logLength())
    }

    a.type(' hello')
    b.pump()
    expect(b.text()).not.toContain('hello')
    expect(b.socket.sent.map(frameKind)).not.toContain('sync-update')
    expect(logLength()).toBe(0)
    expect(harness.scheduler.pending).toBe(1) // the commit is scheduled, not done

    harness.scheduler.run()
    expect(logLength()).toBe(1)
    b.pump()
    expect(b.text()).toContain('Start: hello')
    expect(logAtDelivery).toEqual([1]) // stored before it was sent
    // The sender is not sent its own update back.
    expect(a.unread.map(frameKind)).not.toContain('sync-update')
  })

  it('[S1] a reply carrying document content waits for the commit of updates applied before it', () => {
    harness = collabHarness()
    const a = harness.connect()
    harness.settle()
    a.type(' pending')
    const late = harness.connect() // greets and asks for the state while the update is uncommitted
    expect(late.unread).toEqual([])
    late.socket.onSend = () => expect(logLength()).toBe(1)

    harness.scheduler.run()
    // The broadcast of the committed update, then the greeting and the answer that waited for it.
    expect(late.unread.map(frameKind)).toEqual(['sync-update', 'sync-step1', 'sync-step2'])
    late.pump()
    expect(late.text()).toContain('Start: pending')
  })

  it('[S1] without pending updates a new client is answered at once', () => {
    harness = collabHarness()
    harness.connect()
    harness.settle()
    const b = harness.connect()
    expect(b.unread.map(frameKind)).toEqual(['sync-step1', 'sync-step2'])
  })
})

describe('[S3] group commit', () => {
  it('[S3] updates to two documents in one turn are committed in one appendUpdates call', () => {
    harness = collabHarness()
    const a1 = harness.connect('doc1')
    const a2 = harness.connect('doc1')
    const b = harness.connect('doc2')
    harness.settle()
    const before = harness.store.appendCalls.length

    a1.type(' one')
    a2.type(' two')
    b.type(' three')
    harness.scheduler.run()

    const calls = harness.store.appendCalls.slice(before)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.map((e) => e.docId).sort()).toEqual(['doc1', 'doc1', 'doc2'])
    expect(storedXml('doc1')).toContain('one')
    expect(storedXml('doc1')).toContain('two')
    expect(storedXml('doc2')).toContain('three')
  })

  it('[S3] with the default scheduler, one turn of the event loop is one commit', async () => {
    const store = new CountingStore()
    store.createGroup({ id: 'g', name: 'G', createdAt: '2026-01-01T00:00:00.000Z' })
    for (const id of ['x', 'y']) store.createDocument({ id, groupId: 'g', title: id, createdAt: '2026-01-01T00:00:00.000Z' }, harnessContent())
    harness = collabHarness() // unused here; keeps afterEach simple
    const collab = new CollabServer({ store }) // production scheduler: setImmediate
    const [x, y] = [new FakeClient(collab, 'x'), new FakeClient(collab, 'y')]
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
    for (let i = 0; i < 5; i++) {
      await turn()
      x.pump()
      y.pump()
    }
    expect(x.text()).toContain('Start:')
    expect(store.appendCalls).toHaveLength(0)

    x.type('a')
    y.type('b')
    x.type('c')
    await turn()
    await turn()
    expect(store.appendCalls).toHaveLength(1)
    expect(store.appendCalls[0]).toHaveLength(3)
    collab.close()
    x.destroy()
    y.destroy()
  })
})

describe('storage failure', () => {
  it('[S1] when the commit fails, the room closes with 1011 and nothing of the batch is broadcast', () => {
    harness = collabHarness()
    const a = harness.connect('doc1')
    const b = harness.connect('doc1')
    const other = harness.connect('doc2')
    harness.settle()
    const seenByB = b.socket.sent.length

    harness.store.failNextAppend = true
    a.type(' lost?')
    other.type(' also')
    harness.scheduler.run()

    for (const c of [a, b, other]) expect(c.socket.closeCode).toBe(CloseCode.InternalError)
    expect(b.socket.sent.slice(seenByB).map(frameKind)).not.toContain('sync-update')
    expect(harness.collab.rooms.size).toBe(0)
    expect(logLength('doc1')).toBe(0)
    expect(storedXml('doc1')).not.toContain('lost?')

    // The client still holds its update and sends it again when it reconnects.
    const again = harness.connect('doc1', undefined, Y.encodeStateAsUpdate(a.doc))
    const watcher = harness.connect('doc1')
    harness.settle()
    expect(storedXml('doc1')).toContain('Start: lost?')
    expect(watcher.text()).toContain('Start: lost?')
    expect(again.closed).toBe(false)
  })

  it('[S5] when the load fails, the connections are closed with 1011 and a later connection loads', () => {
    harness = collabHarness()
    harness.store.failNextLoad = true
    const a = harness.connect()
    harness.settle()
    expect(a.socket.closeCode).toBe(CloseCode.InternalError)
    expect(harness.collab.rooms.size).toBe(0)
    const b = harness.connect()
    harness.settle()
    expect(b.closed).toBe(false)
    expect(b.text()).toContain('Start:')
  })

  it('[S4] a failed compaction keeps the log, loses nothing and is retried at the next commit', () => {
    harness = collabHarness({ compactAfter: 2 })
    const a = harness.connect()
    harness.settle()
    a.type('1')
    harness.settle()
    harness.store.failNextCompact = true
    a.type('2')
    harness.settle()
    expect(a.closed).toBe(false)
    expect(logLength()).toBe(2)
    expect(storedXml()).toContain('Start:12')
    a.type('3')
    harness.settle()
    expect(logLength()).toBe(0)
    expect(storedXml()).toContain('Start:123')
  })
})

describe('[P2] loading', () => {
  it('[P2] frames that arrive before the load wait, and are answered after it', () => {
    harness = collabHarness()
    const a = harness.connect() // its sync step 1 arrives while the room is loading
    a.send(new Uint8Array([3])) // query awareness
    expect(harness.collab.rooms.get('doc1')?.state).toBe('loading')
    expect(a.unread).toEqual([])
    expect(a.closed).toBe(false)

    harness.scheduler.run()
    expect(a.unread.map(frameKind)).toEqual(['sync-step1', 'sync-step2', 'awareness'])
    a.pump()
    expect(a.text()).toContain('Start:')
  })

  it('[P2] the wait is bounded: too many frames before the load close with 4408', () => {
    harness = collabHarness({ maxBufferedMessages: 3 })
    const a = harness.connect() // 1 buffered
    const b = harness.connect()
    a.send(new Uint8Array([3]))
    a.send(new Uint8Array([3]))
    expect(a.closed).toBe(false)
    a.send(new Uint8Array([3]))
    expect(a.socket.closeCode).toBe(CloseCode.TooManyMessages)
    harness.settle()
    expect(b.text()).toContain('Start:')
  })
})

describe('[S4] compaction and unloading', () => {
  it('[S4] after compactAfter updates the log is replaced by a snapshot that reloads equal', () => {
    harness = collabHarness({ compactAfter: 3 })
    const a = harness.connect()
    harness.settle()
    const room = harness.collab.rooms.get('doc1')!
    a.type('1')
    harness.settle()
    a.type('2')
    harness.settle()
    expect(logLength()).toBe(2)
    a.type('3')
    harness.settle()
    expect(logLength()).toBe(0)
    expect(harness.store.loadHistory('doc1').updates).toHaveLength(1)
    expect(room.logLength).toBe(0)
    expect(storedXml()).toBe(textOf(room.doc).toString())
    expect(storedXml()).toContain('Start:123')

    a.type('4')
    harness.settle()
    expect(logLength()).toBe(1)
    expect(storedXml()).toBe(textOf(room.doc).toString())
    expect(Y.encodeStateVector(loadStored(harness.store, 'doc1'))).toEqual(Y.encodeStateVector(room.doc))
  })

  it('[S4] when the last client leaves, everything (even uncommitted) is stored, compacted and unloaded', () => {
    harness = collabHarness()
    const a = harness.connect()
    const b = harness.connect()
    harness.settle()
    a.type(' kept')
    harness.settle()
    b.type(' too')
    a.disconnect()
    expect(harness.collab.rooms.has('doc1')).toBe(true) // b is still here
    b.disconnect() // before the scheduled commit ran
    expect(harness.collab.rooms.has('doc1')).toBe(false)
    expect(logLength()).toBe(0)
    expect(storedXml()).toContain('Start: kept too')

    const c = harness.connect()
    harness.settle()
    expect(c.text()).toContain('Start: kept too')
  })

  it('[S4] close() stores everything, closes every connection with 1001 and refuses new ones', () => {
    harness = collabHarness()
    const a = harness.connect()
    harness.settle()
    a.type(' bye')
    harness.collab.close()
    expect(a.socket.closeCode).toBe(CloseCode.GoingAway)
    expect(logLength()).toBe(0)
    expect(storedXml()).toContain('Start: bye')
    expect(harness.connect().socket.closeCode).toBe(CloseCode.GoingAway)
  })
})

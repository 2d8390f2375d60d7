/**
 * [P7] Untrusted bytes reach the shadow first: an update that throws halfway (here: valid structs
 * followed by a truncated delete set, which Yjs integrates before it fails) changes nothing that
 * is stored or sent.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { CollabServer } from '../../server/collab/CollabServer.ts'
import { MemoryStore } from '../../server/storage/MemoryStore.ts'
import { initialState, blankDocument } from '../../server/documents/initialState.ts'
import { ShadowDoc } from '../../server/collab/ShadowDoc.ts'
import type { GuardVerdict } from '../../server/collab/UpdateGuard.ts'
import { DEFAULT_PARTICIPANT } from '../helpers/fakeClient.ts'
import { MessageType, CloseCode } from '../../shared/protocol.ts'
import { textOf } from '../../shared/ydoc.ts'

const origin = { source: 'connection', connectionId: 1 } as const
/** Accepts everything: these tests are about throwing updates, not about the guard. */
const acceptAll = (): GuardVerdict => ({ ok: true, newClientIds: [], paragraphs: [], sponsorRestores: [], sponsorsSeen: [], charDelta: 0 })

function halfValidUpdate(text: string): Uint8Array {
  const a = new Y.Doc()
  textOf(a).insert(0, [new Y.XmlText(text)])
  const full = Y.encodeStateAsUpdate(a)
  return full.slice(0, full.length - 1) // drop the delete set's length byte
}

function updateFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Sync)
  syncProtocol.writeUpdate(enc, update)
  return encoding.toUint8Array(enc)
}

describe('[P7] shadow document', () => {
  it('[P7] Yjs really applies this update partly before throwing (the reason for the shadow)', () => {
    const doc = new Y.Doc()
    expect(() => Y.applyUpdate(doc, halfValidUpdate('smuggled'))).toThrow()
    expect(textOf(doc).toString()).toContain('smuggled')
  })

  it('[P7] a throwing update leaves the authoritative document untouched and the shadow clean', () => {
    const authoritative = new Y.Doc()
    textOf(authoritative).insert(0, [new Y.XmlText('agreed text')])
    const shadow = new ShadowDoc()
    shadow.rebuild(authoritative)
    expect(() => shadow.apply(halfValidUpdate('smuggled'), origin, authoritative, acceptAll)).toThrow()
    expect(textOf(authoritative).toString()).not.toContain('smuggled')
    // The shadow was rebuilt: a later honest update still applies and carries only its own change.
    const honest = new Y.Doc()
    Y.applyUpdate(honest, Y.encodeStateAsUpdate(authoritative))
    const before = Y.encodeStateVector(honest)
    textOf(honest).insert(1, [new Y.XmlText(' honest')])
    const result = shadow.apply(Y.encodeStateAsUpdate(honest, before), origin, authoritative, acceptAll)
    if (!result.ok) throw new Error(result.reason)
    for (const u of result.updates) Y.applyUpdate(authoritative, u)
    expect(textOf(authoritative).toString()).toBe('agreed text honest')
  })

  it('[P7][S1] through the server: the sender is closed with 4400, nothing is stored or relayed', () => {
    const store = new MemoryStore()
    store.createGroup({ id: 'g', name: 'G', createdAt: '2026-01-01' })
    store.createDocument({ id: 'd', groupId: 'g', title: 'T', createdAt: '2026-01-01' }, initialState(blankDocument('T')))
    const tasks: (() => void)[] = []
    const server = new CollabServer({ store, schedule: (fn) => tasks.push(fn) })
    const run = (): void => {
      while (tasks.length) tasks.shift()!()
    }
    const closes: number[] = []
    const received: Uint8Array[] = []
    const participant = DEFAULT_PARTICIPANT
    const attacker = server.connect({ send() {}, close: (code) => closes.push(code) }, 'd', { participant })
    server.connect({ send: (m) => received.push(m), close() {} }, 'd', { participant })
    run() // load
    const receivedBefore = received.length
    attacker.receive(updateFrame(halfValidUpdate('smuggled')))
    run()
    expect(closes).toEqual([CloseCode.MalformedMessage])
    expect(textOf(server.rooms.get('d')!.doc).toString()).not.toContain('smuggled')
    expect(store.loadHistory('d').logLength).toBe(0)
    expect(received.length).toBe(receivedBefore)
  })
})

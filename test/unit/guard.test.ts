/**
 * Every attack is a test: roles, root types, dangling updates, client ids, awareness and bad
 * bytes (SPEC R1, R3, R5-R9, P3, P4). Raw frames from a scripted client against CollabServer in
 * memory; each refusal is checked for everything it must and must not do (guardHarness).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { FakeClient } from '../helpers/fakeClient.ts'
import { frameKind, stampedUser } from '../helpers/fakeClient.ts'
import { awarenessFrameOf, changeOf, copyOf, craft, firstText, recommendation, syncFrame } from '../helpers/attacks.ts'
import { AGREED, DOC, PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { consensusOf, metaOf, textOf } from '../../shared/ydoc.ts'
import type { Participant } from '../../server/collab/Connection.ts'

let h: ReturnType<typeof guardHarness>
let witness: FakeClient
beforeEach(() => {
  h = guardHarness({ maxMessageBytes: 64 * 1024 })
  witness = h.connect(participant('member'))
})
afterEach(() => h.dispose())

const insertIntoProposed = (text: string) => (doc: Y.Doc): void => firstText(recommendation(doc, PROPOSED)).insert(0, text)

describe('[R3][R6] only the text is the clients\'', () => {
  const FOREIGN_WRITES: [string, (doc: Y.Doc) => void, RegExp][] = [
    ['sets a status (consensus map)', (doc) => consensusOf(doc).set(PROPOSED, { status: 'agreed', at: '2026-01-01T00:00:00.000Z' }), /"consensus"/],
    ['clears a status (consensus map)', (doc) => consensusOf(doc).delete(AGREED), /"consensus"/],
    ['rewrites the schema version (meta map)', (doc) => metaOf(doc).set('schemaVersion', 2), /"meta"/],
    ['writes a new root map', (doc) => doc.getMap('evil').set('x', 1), /"evil"/],
    ['writes a new root text', (doc) => doc.getText('notes').insert(0, 'hidden'), /"notes"/],
    ['writes a second XML fragment', (doc) => doc.getXmlFragment('prosemirror2').insert(0, [new Y.XmlText('x')]), /"prosemirror2"/],
  ]
  for (const role of ['member', 'chair'] as const) {
    it.each(FOREIGN_WRITES)(`[R3][R6][R7] a ${role} who %s is refused`, (_name, change, reason) => {
      const attacker = h.connect(participant(role))
      h.expectRefused(attacker, syncFrame('update', craft(attacker.doc, change)), reason, [witness])
    })
  }

  it('[R6] a write to a foreign root hidden in an otherwise honest update refuses all of it', () => {
    const attacker = h.connect(participant('member'))
    const update = craft(attacker.doc, (doc) => {
      insertIntoProposed('honest ')(doc)
      consensusOf(doc).set(PROPOSED, { status: 'agreed' })
    })
    h.expectRefused(attacker, syncFrame('update', update), /"consensus"/, [witness])
  })
})

describe('[R6] dangling updates', () => {
  it('[R6] an update that depends on a missing one is refused; its completion cannot sneak it in', () => {
    const attacker = h.connect(participant('member'))
    const scratch = copyOf(attacker.doc)
    const first = changeOf(scratch, insertIntoProposed('FIRST '))
    const second = changeOf(scratch, (doc) => firstText(recommendation(doc, AGREED)).insert(0, 'SECOND '))
    h.expectRefused(attacker, syncFrame('update', second), /depends on changes the server does not have/, [witness], CloseCode.ResyncRequired)

    // The completion alone is an honest edit: accepted, and it brings nothing of the refused one.
    const again = h.connect(participant('member'))
    const sameClient = h.connect(participant('member'))
    h.expectAccepted(sameClient, syncFrame('update', first))
    expect(textOf(h.room().doc).toString()).toContain('FIRST ')
    expect(textOf(h.room().doc).toString()).not.toContain('SECOND')
    expect(witness.text()).not.toContain('SECOND')
    // Sent now, the second is judged on its content: it edits an agreed paragraph.
    h.expectRefused(sameClient, syncFrame('update', second), /locked/, [witness, again])
  })

  it('[R6] a harmless dangling update is refused too (fail closed), and its completion does not bring it', () => {
    const attacker = h.connect(participant('member'))
    const scratch = copyOf(attacker.doc)
    const first = changeOf(scratch, insertIntoProposed('ONE '))
    const second = changeOf(scratch, insertIntoProposed('TWO '))
    h.expectRefused(attacker, syncFrame('update', second), /depends on/, [witness], CloseCode.ResyncRequired)
    const next = h.connect(participant('member'))
    h.expectAccepted(next, syncFrame('update', first))
    expect(textOf(h.room().doc).toString()).toContain('ONE ')
    expect(textOf(h.room().doc).toString()).not.toContain('TWO ')
  })

  it('[R6] a delete of content the server does not have (a dangling delete set) is refused', () => {
    const attacker = h.connect(participant('member'))
    const scratch = copyOf(attacker.doc)
    changeOf(scratch, insertIntoProposed('GONE '))
    const deletion = changeOf(scratch, (doc) => firstText(recommendation(doc, PROPOSED)).delete(0, 5))
    h.expectRefused(attacker, syncFrame('update', deletion), /depends on/, [witness], CloseCode.ResyncRequired)
  })
})

describe('[R8] Yjs client ids belong to the member who first used them', () => {
  it('[R8] a member who writes with another member\'s client id is refused', () => {
    const alice = h.connect(participant('member'))
    alice.type(' by Alice')
    h.settle()
    const mallory = h.connect(participant('member'))
    const update = craft(h.room().doc, insertIntoProposed('impostor '), alice.doc.clientID)
    h.expectRefused(mallory, syncFrame('update', update), new RegExp(`client id ${alice.doc.clientID} belongs to another participant`), [witness, alice])
  })

  it('[R8] the binding is stored: it holds after the document unloads and loads again', () => {
    const alice = h.connect(participant('member'))
    alice.type(' by Alice')
    h.settle()
    const aliceClient = alice.doc.clientID
    expect(h.store.loadHistory(DOC).clientOwners.get(aliceClient)).toBe(h.room().ownerOf(aliceClient))
    alice.disconnect()
    witness.disconnect()
    expect(h.collab.rooms.has(DOC)).toBe(false)

    const watcher = h.connect(participant('member'))
    const mallory = h.connect(participant('member'))
    const update = craft(h.room().doc, insertIntoProposed('impostor '), aliceClient)
    h.expectRefused(mallory, syncFrame('update', update), /belongs to another participant/, [watcher])
  })

  it('[R8] the same member may use their client id again from a new connection', () => {
    const who = participant('member')
    const first = h.connect(who)
    first.type(' one')
    h.settle()
    const second = h.connect(who)
    const id = first.doc.clientID
    const clockOf = (): number | undefined => Y.decodeStateVector(Y.encodeStateVector(h.room().doc)).get(id)
    const before = clockOf()!
    h.expectAccepted(second, syncFrame('update', craft(h.room().doc, insertIntoProposed('two '), id)))
    expect(clockOf()).toBeGreaterThan(before)
    expect(h.room().ownerOf(id)).toBe(who.memberId)
  })

  it('[R8][R9] a client id announced in another member\'s presence, before they typed, cannot be taken', () => {
    const alice = h.connect(participant('member'))
    alice.setPresence({ user: {} })
    h.settle()
    const mallory = h.connect(participant('member'))
    const update = craft(h.room().doc, insertIntoProposed('impostor '), alice.doc.clientID)
    h.expectRefused(mallory, syncFrame('update', update), /belongs to another participant/, [witness, alice])
    // Alice's own first edit with that id still goes through.
    alice.type(' by Alice')
    h.settle()
    expect(alice.closed).toBe(false)
    expect(witness.text()).toContain(' by Alice')
  })

  it('[R8][R9] a presence id stays its member\'s after they leave, and is stored with the document', () => {
    const who = participant('member')
    const alice = h.connect(who)
    alice.setPresence({ user: {} })
    h.settle()
    const id = alice.doc.clientID
    alice.disconnect()
    h.settle()
    // Alice is gone (say, on a train, her edits made with this id still unsent).
    const mallory = h.connect(participant('member'))
    const update = craft(h.room().doc, insertIntoProposed('impostor '), id)
    h.expectRefused(mallory, syncFrame('update', update), /belongs to another participant/, [witness])
    expect(h.store.loadHistory(DOC).clientOwners.get(id)).toBe(who.memberId)
  })
})

describe('replays', () => {
  it('[R5] replaying an old update (someone else\'s) changes nothing, stores nothing, closes nothing', () => {
    const alice = h.connect(participant('member'))
    const captured: Uint8Array[] = []
    alice.doc.on('update', (u: Uint8Array) => captured.push(u))
    alice.type(' once')
    h.settle()
    const mallory = h.connect(participant('member'))
    const before = h.observe()
    const relayed = witness.socket.sent.length
    for (const update of captured) mallory.send(syncFrame('update', update))
    mallory.send(syncFrame('step2', Y.encodeStateAsUpdate(h.room().doc)))
    h.settle()
    expect(mallory.closed).toBe(false)
    expect(h.observe()).toEqual(before)
    expect(witness.socket.sent.slice(relayed).map(frameKind)).not.toContain('sync-update')
  })
})

describe('[R1] observers never write; they follow live', () => {
  let observer: FakeClient
  let who: Participant
  beforeEach(() => {
    who = participant('observer')
    observer = h.connect(who)
  })

  it('[R1] an observer is not asked for its state (no sync step 1) but receives the document', () => {
    const fresh = h.connect(participant('observer'))
    expect(fresh.socket.sent.map(frameKind)).not.toContain('sync-step1')
    expect(fresh.text()).toBe(textOf(h.room().doc).toString())
    witness.type(' live')
    h.settle()
    expect(fresh.text()).toContain(' live')
  })

  it('[R1][R7] an observer\'s update is refused', () => {
    h.expectRefused(observer, syncFrame('update', craft(observer.doc, insertIntoProposed('x'))), /observers cannot edit/, [witness])
  })

  it('[R1][R7] an observer\'s sync step 2 with content is refused', () => {
    h.expectRefused(observer, syncFrame('step2', craft(observer.doc, insertIntoProposed('x'))), /observers cannot edit/, [witness])
  })

  it('[R1][R7] an observer\'s deletion is refused', () => {
    const update = craft(observer.doc, (doc) => firstText(recommendation(doc, PROPOSED)).delete(0, 3))
    h.expectRefused(observer, syncFrame('update', update), /observers cannot edit/, [witness])
  })

  it('[R1] an empty step 2 (nothing to add) is harmless', () => {
    observer.send(syncFrame('step2', Y.encodeStateAsUpdate(observer.doc, Y.encodeStateVector(h.room().doc))))
    h.settle()
    expect(observer.closed).toBe(false)
  })

  it('[R9] an observer shows presence, stamped with the observer role', () => {
    observer.setPresence({ user: { name: 'Chair', role: 'chair' }, cursor: null })
    h.settle()
    expect(witness.awareness.getStates().get(observer.doc.clientID)).toEqual({ user: stampedUser(who), cursor: null })
  })
})

describe('[R9] awareness speaks only for one\'s own client ids', () => {
  it('[R9] the server fills in `user` from the session, whatever the client wrote', () => {
    const who = participant('member')
    const member = h.connect(who)
    member.setPresence({ user: { name: 'The Chair', role: 'chair', color: '#000' } })
    h.settle()
    const seen = witness.awareness.getStates().get(member.doc.clientID) as { user: Record<string, string> }
    expect(seen.user).toEqual(stampedUser(who))
    expect(seen.user.role).toBe('member')
  })

  for (const role of ['member', 'observer'] as const) {
    it(`[R9][R7] a ${role} who announces a new state for another client id is closed with 4403`, () => {
      witness.setPresence({ user: {} })
      h.settle()
      const attacker = h.connect(participant(role))
      const frame = awarenessFrameOf([{ clientId: witness.doc.clientID, clock: 99, state: { user: { name: 'spoof' } } }])
      h.expectRefused(attacker, frame, /belongs to someone else/, [witness], CloseCode.Forbidden)
      expect(witness.awareness.getStates().get(witness.doc.clientID)).toMatchObject({ user: {} })
    })
  }

  it('[R9] echoes of others\' states (y-websocket re-sends what it hears) and their removal are dropped, not obeyed', () => {
    witness.setPresence({ user: {} })
    h.settle()
    const member = h.connect(participant('member'))
    const clock = h.room().awareness.meta.get(witness.doc.clientID)!.clock
    member.send(awarenessFrameOf([{ clientId: witness.doc.clientID, clock, state: { user: {} } }]))
    member.send(awarenessFrameOf([{ clientId: witness.doc.clientID, clock: clock + 1, state: null }]))
    h.settle()
    expect(member.closed).toBe(false)
    expect(h.room().awareness.getStates().has(witness.doc.clientID)).toBe(true)
  })
})

describe('[R9] a member reconnecting before the server noticed the old connection dead', () => {
  it('[R9] renews its own presence from the new connection and keeps it when the old one goes', () => {
    const who = participant('member')
    const old = h.connect(who)
    old.setPresence({ cursor: 1 })
    h.settle()
    const id = old.doc.clientID
    const clock = h.room().awareness.meta.get(id)!.clock
    // The same page (same Yjs client id) on a new socket, as y-websocket reconnects: its state
    // again (an echo of what the server holds), then a change 15 s later or at the next keystroke.
    const renewed = h.connect(who)
    renewed.send(awarenessFrameOf([{ clientId: id, clock, state: { cursor: 1 } }]))
    renewed.send(awarenessFrameOf([{ clientId: id, clock: clock + 1, state: { cursor: 2 } }]))
    h.settle()
    expect(renewed.closed).toBe(false)
    expect(witness.awareness.getStates().get(id)).toEqual({ cursor: 2, user: stampedUser(who) })
    old.disconnect() // the keepalive finally drops the dead socket
    h.settle()
    expect(h.room().awareness.getStates().get(id)).toEqual({ cursor: 2, user: stampedUser(who) })
    renewed.disconnect()
    expect(h.room().awareness.getStates().has(id)).toBe(false)
  })
})

describe('[P3][P4][P7] bad bytes', () => {
  it('[P3][R7] malformed update bytes are quarantined with who and why, and close with 4400', () => {
    const attacker = h.connect(participant('member'))
    const before = h.observe()
    const frame = new Uint8Array([0, 2, 3, 1, 2, 3])
    attacker.send(frame)
    h.settle()
    expect(attacker.socket.closeCode).toBe(CloseCode.MalformedMessage)
    expect(h.observe()).toEqual({ ...before, quarantined: before.quarantined + 1 })
    const row = h.store.listQuarantine(DOC)[0]!
    expect(row.reason).toMatch(/could not be applied/)
    expect([...row.data]).toEqual([...frame])
  })

  it('[P4] an oversized frame closes with 4413 and is not kept (the quarantine is not a dump)', () => {
    const attacker = h.connect(participant('member'))
    const before = h.observe()
    attacker.send(new Uint8Array(64 * 1024 + 1))
    h.settle()
    expect(attacker.socket.closeCode).toBe(CloseCode.MessageTooBig)
    expect(h.observe()).toEqual(before)
  })
})

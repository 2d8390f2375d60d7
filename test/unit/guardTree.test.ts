/**
 * SPEC R11: no accepted update leaves a tree that an honest editor would repair. Every element an
 * update touches is judged against the schema's full content rules (order, required children,
 * marks), not only which element may sit inside which; and the server reads the text without ever
 * repairing it, so a damaged tree cannot turn a chair's command into a 500 or a room into one that
 * stops storing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import type { FakeClient } from '../helpers/fakeClient.ts'
import { craft, firstText, placeOf, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { AGREED, DOC, PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { textOf } from '../../shared/ydoc.ts'
import { schema } from '../../shared/schema.ts'
import { TextShapeError, readText } from '../../shared/readText.ts'
import { runStatusCommand } from '../../server/collab/statusCommand.ts'
import { CloseCode } from '../../shared/protocol.ts'

let h: ReturnType<typeof guardHarness>
let attacker: FakeClient
let witness: FakeClient
beforeEach(() => {
  h = guardHarness()
  attacker = h.connect(participant('member'))
  witness = h.connect(participant('member'))
})
afterEach(() => h.dispose())

const attack = (change: (doc: Y.Doc) => void): Uint8Array => craft(attacker.doc, change)
const rootIndexOf = (doc: Y.Doc, name: string): number =>
  textOf(doc).toArray().findIndex((n) => n instanceof Y.XmlElement && n.nodeName === name)

/**
 * Whether an honest editor opening `state` would have to repair it: y-prosemirror's conversion
 * writes (deletes a node) when a node does not fit the schema, and the doc it builds must check.
 */
function honestEditorRepairs(state: Uint8Array): string | null {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  let wrote = false
  doc.on('update', () => {
    wrote = true
  })
  try {
    const node = yXmlFragmentToProseMirrorRootNode(textOf(doc), schema)
    node.check()
    return wrote ? 'y-prosemirror deleted a node to open it' : null
  } catch (err) {
    return `the opened document does not check: ${String(err)}`
  } finally {
    doc.destroy()
  }
}

function newTopic(id: string, heading: string | null): Y.XmlElement {
  const topic = new Y.XmlElement('topic')
  topic.setAttribute('id', id)
  if (heading !== null) {
    const h2 = new Y.XmlElement('topicHeading')
    h2.insert(0, [new Y.XmlText(heading)])
    topic.insert(0, [h2])
  }
  return topic
}

describe('[R11] every element an update touches keeps the schema content rules', () => {
  it('[R11] removing the heading of the topic that holds an agreed paragraph is refused', () => {
    const update = attack((doc) => placeOf(recommendation(doc, AGREED)).parent.delete(0, 1))
    h.expectRefused(attacker, syncFrame('update', update), /a topic must hold its heading first/, [witness])
  })

  it('[R11] an empty group of alternatives in an unlocked paragraph is refused', () => {
    const update = attack((doc) => {
      const group = new Y.XmlElement('alternatives')
      group.setAttribute('id', 'a-empty')
      recommendation(doc, PROPOSED).push([group])
    })
    h.expectRefused(attacker, syncFrame('update', update), /a group of alternatives must hold one or more options/, [witness])
  })

  it('[R11] a second title, a second annex and a topic after the annex are refused', () => {
    // Even for the secretariat, who keeps the title (R14).
    const keeper = h.connect(participant('secretariat'))
    const title = craft(keeper.doc, (doc) => {
      const second = new Y.XmlElement('title')
      second.insert(0, [new Y.XmlText('Another title')])
      textOf(doc).insert(1, [second])
    })
    h.expectRefused(keeper, syncFrame('update', title), /the document must hold the title, one or more topics, then the annex/, [witness])

    const again = h.connect(participant('member'))
    const annex = craft(again.doc, (doc) => textOf(doc).insert(1, [new Y.XmlElement('annex')]))
    h.expectRefused(again, syncFrame('update', annex), /the document must hold the title, one or more topics, then the annex/, [witness])

    const third = h.connect(participant('member'))
    const after = craft(third.doc, (doc) => textOf(doc).push([newTopic('t-after', 'After the annex')]))
    h.expectRefused(third, syncFrame('update', after), /the document must hold the title, one or more topics, then the annex/, [witness])
  })

  it('[R11] a new topic without a heading, and a mark the title does not take, are refused', () => {
    const headless = attack((doc) => textOf(doc).insert(rootIndexOf(doc, 'annex'), [newTopic('t-headless', null)]))
    h.expectRefused(attacker, syncFrame('update', headless), /a topic must hold its heading first/, [witness])
    // The secretariat keeps the title (R14), so the schema is what refuses here.
    const again = h.connect(participant('secretariat'))
    const italicTitle = craft(again.doc, (doc) => {
      const title = textOf(doc).get(0) as Y.XmlElement
      ;(title.get(0) as Y.XmlText).format(0, 4, { em: true })
    })
    h.expectRefused(again, syncFrame('update', italicTitle), /the title must hold plain text/, [witness])
  })

  it('[R11][C5] after a refused tree the chair still agrees a paragraph and the room still stores and relays', () => {
    const update = attack((doc) => placeOf(recommendation(doc, AGREED)).parent.delete(0, 1))
    attacker.send(syncFrame('update', update))
    h.settle()
    const chair = participant('chair')
    const result = runStatusCommand(h.room(), { recommendationId: PROPOSED, action: 'agree', memberId: chair.memberId, role: 'chair' })
    expect(result).toMatchObject({ ok: true })
    h.settle()
    const honest = h.connect(participant('member'))
    h.expectAccepted(honest, syncFrame('update', craft(honest.doc, (doc) => firstText(recommendation(doc, 'r-demo-c3')).insert(0, 'Honest: '))))
    expect(witness.text()).toContain('Honest: ')
    expect(honestEditorRepairs(Y.encodeStateAsUpdate(h.room().doc))).toBeNull()
  })

  it('[R11] honest structural edits pass: a new topic with its heading before the annex, a paragraph added and removed', () => {
    h.expectAccepted(attacker, syncFrame('update', attack((doc) => textOf(doc).insert(rootIndexOf(doc, 'annex'), [newTopic('t-new', 'F. New topic')]))))
    h.expectAccepted(attacker, syncFrame('update', attack((doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([recommendationElement('r-new', 'New')]))))
    h.expectAccepted(attacker, syncFrame('update', craft(witness.doc, (doc) => {
      const { parent, index } = placeOf(recommendation(doc, 'r-new'))
      parent.delete(index, 1)
    })))
    expect(witness.text()).toContain('F. New topic')
    expect(readText(textOf(h.room().doc)).childCount).toBeGreaterThan(0)
  })
})

describe('[R14] the title is kept by the chair and the secretariat', () => {
  const retitle = (doc: Y.Doc): void => {
    const title = textOf(doc).get(0) as Y.XmlElement
    ;(title.get(0) as Y.XmlText).insert(0, 'qz')
  }
  it('[R14] a member who types in the title is refused; the title is unchanged for everyone', () => {
    h.expectRefused(attacker, syncFrame('update', attack(retitle)), /the title is kept by the chair and the secretariat/, [witness])
  })
  it('[R14] the secretariat and the chair change the title', () => {
    for (const role of ['secretariat', 'chair'] as const) {
      const keeper = h.connect(participant(role))
      h.expectAccepted(keeper, syncFrame('update', craft(keeper.doc, retitle)))
    }
    expect(witness.text()).toContain('qzqzWorking Group')
  })
})

describe('[R11] a room survives an internal error', () => {
  it('[Y5][P6] a write under an unknown origin (as y-prosemirror repairs) drops the room with 1011; clients reconnect to a room that stores and relays', () => {
    const room = h.room()
    // As yXmlFragmentToProseMirrorRootNode would repair: its own origin, on the authoritative doc.
    room.doc.transact(() => firstText(recommendation(room.doc, PROPOSED)).insert(0, 'x'), { key: 'y-sync$' })
    h.settle()
    expect(attacker.socket.closeCode).toBe(CloseCode.InternalError)
    expect(witness.socket.closeCode).toBe(CloseCode.InternalError)
    const a = h.connect(participant('member'))
    const b = h.connect(participant('member'))
    h.expectAccepted(a, syncFrame('update', craft(a.doc, (doc) => firstText(recommendation(doc, PROPOSED)).insert(0, 'After: '))))
    expect(b.text()).toContain('After: ')
    expect(b.text()).not.toContain('xProcesses')
  })
})

describe('[Y5] a document stored damaged, before R11 judged whole trees', () => {
  it('[Y5] is read without a write: the chair is told the text is damaged (409), and the room still stores and relays', () => {
    const g = guardHarness()
    try {
      // Topic B without its heading, as one crafted update could leave it before R11's full rules.
      const damage = craft(Y.mergeUpdates(g.store.loadHistory(DOC).updates), (doc) => {
        const heading = textOf(doc).toArray().flatMap((n) => (n instanceof Y.XmlElement && n.getAttribute('id') === 't-demo-b' ? [n] : []))[0]!
        heading.delete(0, 1)
      })
      g.store.appendUpdates([{ docId: DOC, update: damage }])
      const chair = g.connect(participant('chair'))
      const member = g.connect(participant('member'))
      const room = g.room()
      const before = Y.encodeStateAsUpdate(room.doc)
      let writes = 0
      room.doc.on('update', () => writes++)

      expect(() => readText(textOf(room.doc))).toThrow(TextShapeError)
      const refused = runStatusCommand(room, { recommendationId: 'r-demo-c3', action: 'agree', memberId: 'm-chair', displayName: 'Chair', role: 'chair' })
      expect(refused).toMatchObject({ ok: false, refusal: 'conflict' })
      expect(refused.ok ? '' : refused.reason).toMatch(/^the document's text is damaged \(.*topic/)
      expect(writes).toBe(0)
      expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before)

      // Edits elsewhere are still judged, stored and relayed.
      g.expectAccepted(member, syncFrame('update', craft(member.doc, (doc) => firstText(recommendation(doc, 'r-demo-c3')).insert(0, 'Still: '))))
      expect(chair.text()).toContain('Still: ')
      expect(chair.closed).toBe(false)
    } finally {
      g.dispose()
    }
  })
})

/** The element types, and a few ways to build each (empty, with text, with a child). */
const ELEMENT_NAMES = ['title', 'topic', 'topicHeading', 'annex', 'recommendation', 'bracket', 'alternatives', 'option']

function randomElement(gen: prng.PRNG, depth = 0): Y.XmlElement {
  const el = new Y.XmlElement(prng.oneOf(gen, ELEMENT_NAMES))
  if (el.nodeName === 'topic' || el.nodeName === 'recommendation' || el.nodeName === 'bracket' || el.nodeName === 'alternatives') {
    el.setAttribute('id', `x-${prng.uint32(gen, 0, 1e9)}`)
  }
  const children = depth > 1 ? 0 : prng.int32(gen, 0, 2)
  for (let i = 0; i < children; i++) {
    el.push([prng.bool(gen) ? new Y.XmlText(prng.word(gen, 1, 6)) : randomElement(gen, depth + 1)])
  }
  return el
}

function allTypes(doc: Y.Doc): (Y.XmlElement | Y.XmlFragment | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlFragment | Y.XmlText)[] = [textOf(doc)]
  const walk = (node: Y.XmlFragment): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) {
        out.push(child)
        walk(child)
      } else if (child instanceof Y.XmlText) out.push(child)
    }
  }
  walk(textOf(doc))
  return out
}

/** One hostile structural change: delete, insert an element or text, format, anywhere. */
function randomChange(gen: prng.PRNG, doc: Y.Doc): void {
  const target = prng.oneOf(gen, allTypes(doc))
  if (target instanceof Y.XmlText) {
    if (target.length > 0 && prng.bool(gen)) target.format(0, prng.int32(gen, 1, target.length), { [prng.oneOf(gen, ['em', 'em', 'strong'])]: true })
    else target.insert(prng.int32(gen, 0, target.length), prng.word(gen, 1, 4))
    return
  }
  const length = target.length
  switch (prng.int32(gen, 0, 2)) {
    case 0:
      if (length > 0) target.delete(prng.int32(gen, 0, length - 1), 1)
      return
    case 1:
      target.insert(prng.int32(gen, 0, length), [randomElement(gen)])
      return
    default:
      target.insert(prng.int32(gen, 0, length), [new Y.XmlText(prng.word(gen, 1, 4))])
  }
}

describe('[R11] property: no update a member can send leaves a document an honest editor must repair', () => {
  /** Seeds that once failed: 579083652 met Yjs's own formatting cleanup, written with no origin. */
  const PINNED = [579083652]
  const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31))
  for (const s of process.env.SEED ? [seed] : [...PINNED, seed]) {
    // CPU-bound: several times its usual few seconds on a busy machine; the limit is for a hang.
    it(`[R11] 300 random structural updates (SEED=${s})`, () => randomStructuralUpdates(s), 120_000)
  }
})

function randomStructuralUpdates(seed: number): void {
  const gen = prng.create(seed)
  let sender = attacker
  let accepted = 0
  for (let round = 0; round < 300; round++) {
    if (sender.closed) sender = h.connect(participant('member'))
    const update = craft(sender.doc, (doc) => {
      const changes = prng.int32(gen, 1, 3)
      for (let i = 0; i < changes; i++) randomChange(gen, doc)
    })
    sender.send(syncFrame('update', update))
    h.settle()
    if (!sender.closed) accepted++
    // Refusals close only the sender: the room and everyone else carry on.
    expect(witness.closed, `round ${round}, SEED=${seed}: ${witness.socket.closeReason}`).toBe(false)
    const problem = honestEditorRepairs(Y.encodeStateAsUpdate(h.room().doc))
    expect(problem, `round ${round}, SEED=${seed}`).toBeNull()
  }
  // The property must not hold only because everything was refused.
  expect(accepted).toBeGreaterThan(10)
}

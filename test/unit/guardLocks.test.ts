/**
 * Every attack is a test: locked paragraphs (SPEC R4, R5, R7). A member's client sends raw Yjs
 * updates, made on a private copy, against the demo document's agreed (r-demo-b1) and ad-ref
 * (r-demo-d1) paragraphs. Each is refused as a whole: not applied, stored or relayed, quarantined,
 * and the sender is told why (permission denied, then 4422).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { FakeClient } from '../helpers/fakeClient.ts'
import { craft, firstText, placeOf, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { AD_REF, AGREED, DOC, IN_ANNEX, PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { textOf } from '../../shared/ydoc.ts'

let h: ReturnType<typeof guardHarness>
let attacker: FakeClient
let witness: FakeClient
let witnessId: string
beforeEach(() => {
  h = guardHarness()
  attacker = h.connect(participant('member'))
  const who = participant('member')
  witnessId = who.memberId
  witness = h.connect(who)
})
afterEach(() => h.dispose())

/** An update made by `change` on a copy of the attacker's (fully synced) document. */
const attack = (change: (doc: Y.Doc) => void): Uint8Array => craft(attacker.doc, change)

type Attack = [string, (doc: Y.Doc, id: string) => void]

const ON_A_LOCKED_PARAGRAPH: Attack[] = [
  ['inserts text', (doc, id) => firstText(recommendation(doc, id)).insert(5, 'NOT ')],
  ['deletes text', (doc, id) => firstText(recommendation(doc, id)).delete(0, 10)],
  ['formats text (Y.XmlText.format)', (doc, id) => firstText(recommendation(doc, id)).format(0, 10, { strong: true })],
  ['splits it (truncates it and adds the rest as a new paragraph)', (doc, id) => {
    const rec = recommendation(doc, id)
    const text = firstText(rec)
    const rest = text.toString().slice(20)
    text.delete(20, text.length - 20)
    const { parent, index } = placeOf(rec)
    parent.insert(index + 1, [recommendationElement('r-split-half', rest)])
  }],
  ['merges the next paragraph into it', (doc, id) => {
    const rec = recommendation(doc, id)
    const { parent, index } = placeOf(rec)
    const next = parent.get(index + 1) as Y.XmlElement
    const text = firstText(rec)
    text.insert(text.length, ' ' + firstText(next).toString())
    parent.delete(index + 1, 1)
  }],
  ['merges it into the next paragraph (removes it, moves its text)', (doc, id) => {
    const rec = recommendation(doc, id)
    const { parent, index } = placeOf(rec)
    const next = parent.get(index + 1) as Y.XmlElement
    firstText(next).insert(0, firstText(rec).toString() + ' ')
    parent.delete(index, 1)
  }],
  ['moves it to another topic (delete, then a copy with the same id)', (doc, id) => {
    const rec = recommendation(doc, id)
    const { parent, index } = placeOf(rec)
    const target = placeOf(recommendation(doc, 'r-demo-e1')).parent
    target.push([rec.clone()])
    parent.delete(index, 1)
  }],
  ['removes it', (doc, id) => {
    const { parent, index } = placeOf(recommendation(doc, id))
    parent.delete(index, 1)
  }],
  ['removes the whole topic holding it', (doc, id) => {
    const topic = placeOf(recommendation(doc, id)).parent
    const fragment = textOf(doc)
    fragment.delete(fragment.toArray().indexOf(topic), 1)
  }],
  ['changes its sponsors', (doc, id) => recommendation(doc, id).setAttribute('sponsors', ['Mallory'] as unknown as string)],
  ['inserts a bracket into it', (doc, id) => {
    const bracket = new Y.XmlElement('bracket')
    bracket.setAttribute('id', 'b-sneaky')
    bracket.insert(0, [new Y.XmlText('not')])
    recommendation(doc, id).insert(1, [bracket])
  }],
  ['overwrites its id (which would strip its status)', (doc, id) => recommendation(doc, id).setAttribute('id', 'r-stripped')],
  ['removes its id attribute', (doc, id) => recommendation(doc, id).removeAttribute('id')],
]

describe('[R4] agreed and ad-ref paragraphs are locked', () => {
  for (const [id, status] of [[AGREED, 'agreed'], [AD_REF, 'agreed ad referendum']] as const) {
    it.each(ON_A_LOCKED_PARAGRAPH)(`[R4][R5][R7] a member who %s (${status}) is refused`, (_name, change) => {
      const before = recommendation(h.room().doc, id).toString()
      h.expectRefused(attacker, syncFrame('update', attack((doc) => change(doc, id))), new RegExp(`${id}|locked`), [witness])
      expect(recommendation(h.room().doc, id).toString()).toBe(before)
    })
  }

  it('[R4][R7] the refusal names the paragraph and its status', () => {
    h.expectRefused(attacker, syncFrame('update', attack((doc) => firstText(recommendation(doc, AGREED)).insert(0, 'x'))), /B\.1 is agreed and locked/, [witness])
  })

  it('[R4][R7] sync step 2 is judged like an update', () => {
    const update = attack((doc) => firstText(recommendation(doc, AD_REF)).insert(0, 'x'))
    h.expectRefused(attacker, syncFrame('step2', update), /D\.1 is agreed ad referendum and locked/, [witness])
  })

  it('[R4][R5] an update that edits a proposed paragraph and a locked one is refused as a whole', () => {
    const update = attack((doc) => {
      firstText(recommendation(doc, PROPOSED)).insert(0, 'honest part ')
      firstText(recommendation(doc, AGREED)).insert(0, 'smuggled part ')
    })
    h.expectRefused(attacker, syncFrame('update', update), /locked/, [witness])
    expect(textOf(h.room().doc).toString()).not.toContain('honest part')
  })
})

describe('[R4] no paragraph is born agreed', () => {
  it('[R4] a new paragraph that takes an agreed paragraph\'s id is refused', () => {
    const update = attack((doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([recommendationElement(AGREED, 'Born agreed')]))
    h.expectRefused(attacker, syncFrame('update', update), /B\.1/, [witness])
  })

  it('[R4] a new paragraph that takes the id of a paragraph in the annex (it has a status) is refused', () => {
    const update = attack((doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([recommendationElement(IN_ANNEX, 'Born in the annex')]))
    h.expectRefused(attacker, syncFrame('update', update), /Annex 1/, [witness])
  })

  it('[R4] overwriting a proposed paragraph\'s id with an agreed one is refused', () => {
    const update = attack((doc) => recommendation(doc, PROPOSED).setAttribute('id', AGREED))
    h.expectRefused(attacker, syncFrame('update', update), /B\.1/, [witness])
  })

  it('[R4] giving an id with a status in a later update, to a paragraph added earlier, is refused', () => {
    const base = Y.encodeStateAsUpdate(attacker.doc)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, base)
    const fresh = recommendationElement('r-fresh', 'Fresh')
    placeOf(recommendation(doc, PROPOSED)).parent.push([fresh])
    h.expectAccepted(attacker, syncFrame('update', Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(base))))
    const sv = Y.encodeStateVector(doc)
    fresh.setAttribute('id', AD_REF)
    h.expectRefused(attacker, syncFrame('update', Y.encodeStateAsUpdate(doc, sv)), /D\.1/, [witness])
  })
})

describe('[R2][R4] what stays allowed next to a lock', () => {
  it('[R2] a member edits a proposed paragraph and adds a paragraph next to an agreed one; others see it', () => {
    h.expectAccepted(attacker, syncFrame('update', attack((doc) => {
      firstText(recommendation(doc, 'r-demo-b2')).insert(0, 'Amended: ')
      const { parent, index } = placeOf(recommendation(doc, AGREED))
      parent.insert(index + 1, [recommendationElement('r-next-to-agreed', 'A new neighbour')])
    })))
    expect(witness.text()).toContain('Amended: Governments')
    expect(witness.text()).toContain('A new neighbour')
    expect(recommendation(witness.doc, AGREED).toString()).toBe(recommendation(h.room().doc, AGREED).toString())
  })

  it('[R4][C4][C5] a point in the annex is preserved: a member can neither edit nor remove it', () => {
    h.expectRefused(attacker, syncFrame('update', attack((doc) => firstText(recommendation(doc, IN_ANNEX)).insert(0, 'Revised: '))), /in the annex/, [witness])
    const again = h.connect(participant('member'))
    h.expectRefused(again, syncFrame('update', craft(again.doc, (doc) => {
      const el = recommendation(doc, IN_ANNEX)
      const parent = el.parent as Y.XmlElement
      parent.delete(parent.toArray().indexOf(el), 1)
    })), /in the annex/, [witness])
  })

  it('[R5][P7] after a refusal the shadow is clean: the next honest update carries only its own change', () => {
    h.expectRefused(attacker, syncFrame('update', attack((doc) => firstText(recommendation(doc, AGREED)).insert(0, 'refused '))), /locked/, [witness])
    witness.type(' honest')
    h.settle()
    expect(textOf(h.room().doc).toString()).not.toContain('refused ')
    expect(textOf(h.room().doc).toString()).toContain(' honest')
    // The shadow holds nothing of the refused update: what reached storage is the honest edit only.
    const stored = new Y.Doc()
    for (const u of h.store.loadHistory(DOC).updates) Y.applyUpdate(stored, u)
    expect(textOf(stored).toString()).toBe(textOf(h.room().doc).toString())
    expect(h.store.listAudit(DOC)[0]).toMatchObject({ kind: 'update', memberId: witnessId })
  })
})

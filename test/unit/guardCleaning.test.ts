/**
 * Cleaning is the chair's and the secretariat's (SPEC R12, D6, D7): raw updates from a member
 * that remove someone else's bracket, group or option are refused; moving them with their text,
 * turning a bracket into a group, and removing one's own are not cleaning.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { FakeClient } from '../helpers/fakeClient.ts'
import { craft, placeOf, recommendation, syncFrame } from '../helpers/attacks.ts'
import { DOC, guardHarness, participant } from '../helpers/guardHarness.ts'
import { textOf } from '../../shared/ydoc.ts'

/** r-demo-a3 is one bracket `b-demo-a3`; r-demo-a1 holds the group `a-demo-a1`. */
const BRACKETED = 'r-demo-a3'
const WITH_GROUP = 'r-demo-a1'

let h: ReturnType<typeof guardHarness>
let member: FakeClient
let witness: FakeClient
beforeEach(() => {
  h = guardHarness()
  member = h.connect(participant('member'))
  witness = h.connect(participant('member'))
})
afterEach(() => h.dispose())

const elementIn = (rec: Y.XmlElement, name: string): { el: Y.XmlElement; index: number } => {
  const index = rec.toArray().findIndex((c) => c instanceof Y.XmlElement && c.nodeName === name)
  if (index < 0) throw new Error(`no ${name}`)
  return { el: rec.get(index) as Y.XmlElement, index }
}

/** Removes the bracket and keeps its text: what `removeBracket` does. */
const unwrap = (doc: Y.Doc): void => {
  const rec = recommendation(doc, BRACKETED)
  const { el, index } = elementIn(rec, 'bracket')
  const text = el.toArray().map((c) => (c instanceof Y.XmlText ? c.toString() : '')).join('')
  rec.delete(index, 1)
  rec.insert(index, [new Y.XmlText(text)])
}

describe('[R12] cleaning', () => {
  it('[R12][D6] a member who removes someone else\'s bracket (keeping the text) is refused', () => {
    h.expectRefused(member, syncFrame('update', craft(member.doc, unwrap)), /only the chair and the secretariat clean/, [witness])
  })

  it('[R12][D7] a member who drops an option of someone else\'s group is refused', () => {
    const update = craft(member.doc, (doc) => elementIn(recommendation(doc, WITH_GROUP), 'alternatives').el.delete(1, 1))
    h.expectRefused(member, syncFrame('update', update), /an option was removed/, [witness])
  })

  it('[R12][D6] the secretariat cleans the same bracket', () => {
    const secretariat = h.connect(participant('secretariat'))
    h.expectAccepted(secretariat, syncFrame('update', craft(secretariat.doc, unwrap)))
    expect(witness.text()).not.toContain('<bracket id="b-demo-a3"')
  })

  it('[R12][R2] a member removing a whole paragraph with its brackets, or moving a bracket with its text, is not cleaning', () => {
    h.expectAccepted(member, syncFrame('update', craft(member.doc, (doc) => {
      const { parent, index } = placeOf(recommendation(doc, WITH_GROUP))
      parent.delete(index, 1)
    })))
    const again = h.connect(participant('member'))
    h.expectAccepted(again, syncFrame('update', craft(again.doc, (doc) => {
      // A split that moves the bracket into the new paragraph: the same id stands again.
      const rec = recommendation(doc, BRACKETED)
      const { el, index } = elementIn(rec, 'bracket')
      const moved = el.clone()
      rec.delete(index, 1)
      const next = new Y.XmlElement('recommendation')
      next.setAttribute('id', 'r-split-half')
      next.insert(0, [moved])
      const { parent, index: at } = placeOf(rec)
      parent.insert(at + 1, [next])
    })))
    expect(textOf(h.room().doc).toString()).toContain('r-split-half')
  })

  it('[R12][R2] removing a paragraph is not cleaning even when the editor reuses its element for the next one', () => {
    // y-prosemirror may keep the removed paragraph's element and relabel it as its neighbour.
    h.expectAccepted(member, syncFrame('update', craft(member.doc, (doc) => {
      const gone = recommendation(doc, BRACKETED)
      const { parent, index } = placeOf(gone)
      const next = parent.get(index + 1) as Y.XmlElement
      const nextId = next.getAttribute('id') as string
      const nextText = (next.get(0) as Y.XmlText).toString()
      gone.delete(0, gone.length)
      gone.setAttribute('id', nextId)
      gone.setAttribute('sponsors', next.getAttribute('sponsors') as string) // y-prosemirror sets every attribute
      gone.insert(0, [new Y.XmlText(nextText)])
      parent.delete(index + 1, 1)
    })))
    expect(textOf(h.room().doc).toString()).not.toContain('b-demo-a3')
  })

  it('[R12][D5] a member turning a bracket into a group with the same id is not cleaning', () => {
    h.expectAccepted(member, syncFrame('update', craft(member.doc, (doc) => {
      const rec = recommendation(doc, BRACKETED)
      const { el, index } = elementIn(rec, 'bracket')
      const group = new Y.XmlElement('alternatives')
      group.setAttribute('id', 'b-demo-a3')
      const first = new Y.XmlElement('option')
      first.insert(0, el.toArray().map((c) => (c as Y.XmlText).clone()))
      const second = new Y.XmlElement('option')
      second.insert(0, [new Y.XmlText('Strengthen the IGF instead.')])
      group.insert(0, [first, second])
      rec.delete(index, 1)
      rec.insert(index, [group])
    })))
  })

  it('[R12] a member may remove a bracket their own client made', () => {
    const added = craft(member.doc, (doc) => {
      const bracket = new Y.XmlElement('bracket')
      bracket.setAttribute('id', 'b-mine')
      bracket.insert(0, [new Y.XmlText('mine')])
      recommendation(doc, WITH_GROUP).push([bracket])
    }, member.doc.clientID)
    h.expectAccepted(member, syncFrame('update', added))
    h.settle()
    expect(h.store.loadHistory(DOC).logLength).toBeGreaterThan(0)
    const removed = craft(h.room().doc, (doc) => {
      const rec = recommendation(doc, WITH_GROUP)
      rec.delete(elementIn(rec, 'bracket').index, 1)
    }, member.doc.clientID)
    h.expectAccepted(member, syncFrame('update', removed))
  })
})

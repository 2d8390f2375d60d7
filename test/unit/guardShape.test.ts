/**
 * The tree keeps the schema's shape (SPEC R11): a member cannot write elements the schema does not
 * know, put elements or text where the schema does not allow them, use unknown marks, or remove
 * the title or the annex. Honest edits of the same kinds pass.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { FakeClient } from '../helpers/fakeClient.ts'
import { craft, firstText, placeOf, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { textOf } from '../../shared/ydoc.ts'

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

describe('[R11] the tree keeps the schema shape', () => {
  it('[R11] an element the schema does not know is refused', () => {
    const update = attack((doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([new Y.XmlElement('script')]))
    h.expectRefused(attacker, syncFrame('update', update), /no element "script"/, [witness])
  })

  it('[R11] a known element in the wrong place is refused (a paragraph inside a paragraph, a topic inside a topic)', () => {
    const nested = attack((doc) => recommendation(doc, PROPOSED).push([recommendationElement('r-nested', 'Nested')]))
    h.expectRefused(attacker, syncFrame('update', nested), /"recommendation" cannot stand inside "recommendation"/, [witness])
    const again = h.connect(participant('member'))
    const topicInTopic = craft(again.doc, (doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([new Y.XmlElement('topic')]))
    h.expectRefused(again, syncFrame('update', topicInTopic), /"topic" cannot stand inside "topic"/, [witness])
  })

  it('[R11] text directly in a topic or at the root is refused', () => {
    const update = attack((doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([new Y.XmlText('loose text')]))
    h.expectRefused(attacker, syncFrame('update', update), /text cannot stand directly inside "topic"/, [witness])
    const again = h.connect(participant('member'))
    const atRoot = craft(again.doc, (doc) => textOf(doc).insert(1, [new Y.XmlText('loose')]))
    h.expectRefused(again, syncFrame('update', atRoot), /text cannot stand directly inside "doc"/, [witness])
  })

  it('[R11] a mark the schema does not know is refused', () => {
    const update = attack((doc) => firstText(recommendation(doc, PROPOSED)).format(0, 4, { blink: true }))
    h.expectRefused(attacker, syncFrame('update', update), /no mark "blink"/, [witness])
  })

  it('[R11] removing the title or the annex is refused', () => {
    const noTitle = attack((doc) => textOf(doc).delete(rootIndexOf(doc, 'title'), 1))
    h.expectRefused(attacker, syncFrame('update', noTitle), /the title cannot be removed/, [witness])
  })

  it('[R11][R2] honest edits of the same kinds pass: a new paragraph, a bracket in a paragraph, italics, a new topic', () => {
    h.expectAccepted(attacker, syncFrame('update', attack((doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([recommendationElement('r-new', 'New')]))))
    h.expectAccepted(attacker, syncFrame('update', attack((doc) => {
      const bracket = new Y.XmlElement('bracket')
      bracket.setAttribute('id', 'b-new')
      bracket.insert(0, [new Y.XmlText('bracketed')])
      recommendation(doc, PROPOSED).push([bracket])
    })))
    h.expectAccepted(attacker, syncFrame('update', attack((doc) => firstText(recommendation(doc, PROPOSED)).format(0, 4, { em: true }))))
    h.expectAccepted(attacker, syncFrame('update', attack((doc) => {
      const topic = new Y.XmlElement('topic')
      topic.setAttribute('id', 't-new')
      const heading = new Y.XmlElement('topicHeading')
      heading.insert(0, [new Y.XmlText('F. New topic')])
      topic.insert(0, [heading])
      textOf(doc).insert(rootIndexOf(doc, 'annex'), [topic])
    })))
    expect(witness.text()).toContain('F. New topic')
  })
})

/**
 * Sponsorship changes by command, never by a member's edit (SPEC R13, D8): a member's update that
 * changes the sponsors of existing text is accepted and the server puts them back (honest editors
 * do it only by reusing an element with stale sponsors); one that attributes new text to a
 * delegation that never sponsored anything here is refused. Splitting someone's paragraph and the
 * editor's element reuse keep the sponsors. The chair and the secretariat hold the pen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { FakeClient } from '../helpers/fakeClient.ts'
import { craft, placeOf, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { guardHarness, participant } from '../helpers/guardHarness.ts'
import { judgeSponsorsInEdit, mayNameDelegation } from '../../shared/sponsorship.ts'
import { textOf } from '../../shared/ydoc.ts'
import type { Role } from '../../shared/roles.ts'

/** r-demo-c2 is sponsored by Kenya and Nigeria and holds Kenya's bracket b-demo-c2. */
const KENYAN = 'r-demo-c2'

let h: ReturnType<typeof guardHarness>
let kenya: FakeClient
let witness: FakeClient
const as = (role: Role, delegation: string) => ({ ...participant(role), delegation })
beforeEach(() => {
  h = guardHarness()
  kenya = h.connect(as('member', 'Kenya'))
  witness = h.connect(as('member', 'Japan'))
})
afterEach(() => h.dispose())

const setSponsors = (id: string, sponsors: string[]) => (doc: Y.Doc): void => {
  recommendation(doc, id).setAttribute('sponsors', sponsors as unknown as string)
}
const authoritativeSponsors = (id: string): unknown => recommendation(h.room().doc, id).getAttribute('sponsors')
const sponsorsAt = (doc: Y.Doc, id: string): unknown => recommendation(doc, id).getAttribute('sponsors')
const groupIn = (doc: Y.Doc, id: string): Y.XmlElement =>
  recommendation(doc, id).toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'alternatives')!
const bracketIn = (doc: Y.Doc, id: string): Y.XmlElement =>
  recommendation(doc, id).toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'bracket')!

describe('[R13] the rule', () => {
  const known = new Set(['Kenya', 'Nigeria', 'Japan'])
  const KENYA = { delegation: 'Kenya', role: 'member' as const }
  it('[R13] in an edit, the sponsors of existing text do not change, not even for one\'s own delegation: they are restored', () => {
    expect(judgeSponsorsInEdit('paragraph p', ['Nigeria'], ['Nigeria'], KENYA, known)).toEqual({ kind: 'keep' })
    expect(judgeSponsorsInEdit('paragraph p', ['Nigeria', 'Kenya'], ['Kenya', 'Nigeria'], KENYA, known)).toEqual({ kind: 'keep' })
    expect(judgeSponsorsInEdit('paragraph p', ['Nigeria'], ['Nigeria', 'Kenya'], KENYA, known)).toEqual({ kind: 'restore', sponsors: ['Nigeria'] })
    expect(judgeSponsorsInEdit('paragraph p', ['Nigeria', 'Kenya'], ['Kenya'], KENYA, known)).toEqual({ kind: 'restore', sponsors: ['Nigeria', 'Kenya'] })
  })
  it('[R13] a member\'s new text names its own delegation or ones that have sponsored something; the pen-holders\' any', () => {
    expect(judgeSponsorsInEdit('paragraph p', null, ['Kenya'], KENYA, known)).toEqual({ kind: 'keep' })
    expect(judgeSponsorsInEdit('paragraph p', null, ['Nigeria'], KENYA, known)).toEqual({ kind: 'keep' })
    expect(judgeSponsorsInEdit('paragraph p', null, ['Mallory'], KENYA, known)).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/cannot name Mallory/) })
    expect(judgeSponsorsInEdit('paragraph p', null, ['Mexico'], { delegation: 'Secretariat', role: 'secretariat' }, known)).toEqual({ kind: 'keep' })
    expect(judgeSponsorsInEdit('paragraph p', ['Kenya'], ['Mexico'], { delegation: 'Chair', role: 'chair' }, known)).toEqual({ kind: 'restore', sponsors: ['Kenya'] })
  })
  it('[R13][D8] a member names only their own delegation in a command; the pen-holders any', () => {
    expect(mayNameDelegation('member', 'Kenya', 'Kenya')).toBe(true)
    expect(mayNameDelegation('member', 'Kenya', 'Japan')).toBe(false)
    expect(mayNameDelegation('observer', 'Kenya', 'Kenya')).toBe(false)
    expect(mayNameDelegation('secretariat', 'Secretariat', 'Japan')).toBe(true)
    expect(mayNameDelegation('chair', 'Chair', 'Japan')).toBe(true)
  })
})

describe('[R13] sponsorship on the server', () => {
  it('[R13][D8] a member who co-sponsors by editing the attribute is not refused, but the server puts the sponsors back', () => {
    h.expectAccepted(kenya, syncFrame('update', craft(kenya.doc, setSponsors('r-demo-b3', ['APC (civil society)', 'Kenya']))))
    expect(authoritativeSponsors('r-demo-b3')).toEqual(['APC (civil society)'])
    expect(sponsorsAt(witness.doc, 'r-demo-b3')).toEqual(['APC (civil society)'])
    expect(sponsorsAt(kenya.doc, 'r-demo-b3')).toEqual(['APC (civil society)'])
  })

  it('[R13] a member who withdraws another delegation by an edit finds it restored', () => {
    h.expectAccepted(kenya, syncFrame('update', craft(kenya.doc, setSponsors(KENYAN, ['Kenya']))))
    expect(authoritativeSponsors(KENYAN)).toEqual(['Kenya', 'Nigeria'])
  })

  it('[R13] the sponsors of a bracket or an option changed by an edit are restored', () => {
    h.expectAccepted(kenya, syncFrame('update', craft(kenya.doc, (doc) => bracketIn(doc, 'r-demo-a3').setAttribute('sponsors', ['India'] as unknown as string))))
    expect(bracketIn(h.room().doc, 'r-demo-a3').getAttribute('sponsors')).toEqual(['India', 'Egypt'])
    h.expectAccepted(kenya, syncFrame('update', craft(h.room().doc, (doc) => {
      ;(groupIn(doc, 'r-demo-a1').get(1) as Y.XmlElement).setAttribute('sponsors', ['European Union'] as unknown as string)
    }, kenya.doc.clientID)))
    expect((groupIn(h.room().doc, 'r-demo-a1').get(1) as Y.XmlElement).getAttribute('sponsors')).toEqual(['European Union', 'United States'])
  })

  it('[R13] a new paragraph attributed to a delegation that sponsors nothing is refused', () => {
    h.expectRefused(kenya, syncFrame('update', craft(kenya.doc, (doc) => {
      const rec = recommendationElement('r-forged', 'Words put in Mallory\'s mouth.', ['Mallory'])
      const { parent, index } = placeOf(recommendation(doc, KENYAN))
      parent.insert(index + 1, [rec])
    })), /a new paragraph r-forged cannot name Mallory as sponsor/, [witness])
  })

  it('[R13][R2] splitting another delegation\'s paragraph keeps its sponsors on both halves', () => {
    h.expectAccepted(kenya, syncFrame('update', craft(kenya.doc, (doc) => {
      const original = recommendation(doc, 'r-demo-b3')
      const text = original.get(0) as Y.XmlText
      const tail = text.toString().slice(40)
      text.delete(40, text.length - 40)
      const half = recommendationElement('r-split', tail, ['APC (civil society)'])
      const { parent, index } = placeOf(original)
      parent.insert(index + 1, [half])
    })))
    expect(recommendation(h.room().doc, 'r-split').getAttribute('sponsors')).toEqual(['APC (civil society)'])
  })

  it('[R13][R2] removing a paragraph when the editor relabels its element as the next one is not a change of sponsors', () => {
    // y-prosemirror may keep the removed paragraph's element and give it the neighbour's id and sponsors.
    h.expectAccepted(kenya, syncFrame('update', craft(kenya.doc, (doc) => {
      const gone = recommendation(doc, 'r-demo-b2')
      const { parent, index } = placeOf(gone)
      const next = parent.get(index + 1) as Y.XmlElement
      const nextText = (next.get(0) as Y.XmlText).toString()
      gone.delete(0, gone.length)
      gone.setAttribute('id', next.getAttribute('id') as string)
      gone.setAttribute('sponsors', next.getAttribute('sponsors') as string)
      gone.insert(0, [new Y.XmlText(nextText)])
      parent.delete(index + 1, 1)
    })))
    expect(textOf(h.room().doc).toString()).not.toContain('r-demo-b2')
    expect(authoritativeSponsors('r-demo-b3')).toEqual(['APC (civil society)'])
  })

  it('[R13] the secretariat enters a contribution for any delegation; existing sponsors come back whoever edits them', () => {
    const secretariat = h.connect(as('secretariat', 'Secretariat'))
    h.expectAccepted(secretariat, syncFrame('update', craft(secretariat.doc, (doc) => {
      const rec = recommendationElement('r-mexico', 'A contribution received by e-mail.', ['Mexico'])
      const { parent, index } = placeOf(recommendation(doc, KENYAN))
      parent.insert(index + 1, [rec])
    })))
    expect(authoritativeSponsors('r-mexico')).toEqual(['Mexico'])
    const chair = h.connect(as('chair', 'Chair'))
    h.expectAccepted(chair, syncFrame('update', craft(h.room().doc, setSponsors(KENYAN, ['Kenya']), chair.doc.clientID)))
    expect(authoritativeSponsors(KENYAN)).toEqual(['Kenya', 'Nigeria']) // the chair uses the command for that
  })

  it('[R13] the split-off half of a paragraph removed meanwhile still names its sponsors', () => {
    const offline = craft(kenya.doc, (doc) => {
      const half = recommendationElement('r-half', 'when developing Internet-related public policy.', ['ICC BASIS (business)'])
      const { parent, index } = placeOf(recommendation(doc, 'r-demo-b2'))
      parent.insert(index + 1, [half])
    })
    // Meanwhile another member removes r-demo-b2, the only text ICC BASIS sponsored.
    h.expectAccepted(witness, syncFrame('update', craft(witness.doc, (doc) => {
      const { parent, index } = placeOf(recommendation(doc, 'r-demo-b2'))
      parent.delete(index, 1)
    })))
    h.expectAccepted(kenya, syncFrame('update', offline))
    expect(authoritativeSponsors('r-half')).toEqual(['ICC BASIS (business)'])
  })
})

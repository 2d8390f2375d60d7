/**
 * The drafting commands (SPEC D1-D8), pure: `(state, dispatch?) => boolean`, run without a DOM.
 */
import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Command } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { schema } from '../../shared/schema.ts'
import {
  addAlternative,
  bracketSelection,
  chooseAlternative,
  proposeAmendment,
  proposeRecommendation,
  removeBracket,
  reservationCommand,
  statusCommand,
  toggleSponsorship,
  type DraftingContext,
} from '../../shared/commands/index.ts'
import type { Role } from '../../shared/roles.ts'
import { toggledSponsors, type SponsorshipRequest } from '../../shared/sponsorship.ts'

const t = (s: string) => schema.text(s)
const rec = (id: string, ...content: PMNode[]) => schema.node('recommendation', { id, sponsors: ['Brazil'] }, content)
const bracket = (id: string, ...content: PMNode[]) => schema.node('bracket', { id, sponsors: ['EU'] }, content)
const option = (sponsors: string[], text: string) => schema.node('option', { sponsors }, text ? [t(text)] : [])
const alternatives = (id: string, ...options: PMNode[]) => schema.node('alternatives', { id, form: 'inline' }, options)
const doc = (...recs: PMNode[]) =>
  schema.node('doc', null, [
    schema.node('title', null, [t('T')]),
    schema.node('topic', { id: 't1' }, [schema.node('topicHeading', null, [t('Topic')]), ...recs]),
    schema.node('annex'),
  ])

const ctx = (role: Role = 'member', locked: string[] = []): DraftingContext => ({
  delegation: 'Kenya',
  role,
  isLocked: (id) => locked.includes(id),
})

/** Position of the first occurrence of `text` in the document (its first character). */
function posOf(d: PMNode, text: string): number {
  let found = -1
  d.descendants((node, pos) => {
    if (found >= 0) return false
    if (node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text)
    return true
  })
  if (found < 0) throw new Error(`no ${text}`)
  return found
}

function select(d: PMNode, text: string, cursorOnly = false): EditorState {
  const from = posOf(d, text)
  return EditorState.create({ doc: d, selection: TextSelection.create(d, from, cursorOnly ? from : from + text.length) })
}

function run(state: EditorState, command: Command): EditorState {
  let next = state
  expect(command(state, (tr) => (next = state.apply(tr)))).toBe(true)
  next.doc.check()
  return next
}

const first = (d: PMNode, type: string): PMNode => {
  let found: PMNode | null = null
  d.descendants((node) => {
    if (!found && node.type.name === type) found = node
    return !found
  })
  if (!found) throw new Error(`no ${type}`)
  return found
}

describe('[D2][D3] brackets', () => {
  it('[D2] brackets the selected text, sponsored by the drafter\'s delegation', () => {
    const after = run(select(doc(rec('r1', t('Member States shall act.'))), 'shall'), bracketSelection(ctx()))
    const b = first(after.doc, 'bracket')
    expect(b.textContent).toBe('shall')
    expect(b.attrs.sponsors).toEqual(['Kenya'])
    expect(b.attrs.id).toMatch(/^b-/)
    expect(after.doc.textContent).toContain('Member States shall act.')
  })

  it('[D2] brackets nest: a selection inside a bracket gets its own bracket', () => {
    const start = doc(rec('r1', t('Governments should '), bracket('b1', t('consult all stakeholders')), t('.')))
    const after = run(select(start, 'all'), bracketSelection(ctx()))
    const outer = first(after.doc, 'bracket')
    expect(outer.attrs.id).toBe('b1')
    expect(first(outer, 'bracket').textContent).toBe('all')
  })

  it('[D2] a selection that crosses a bracket\'s edge is refused (brackets never cross)', () => {
    const start = doc(rec('r1', t('Governments should '), bracket('b1', t('consult')), t(' now.')))
    const from = posOf(start, 'should')
    const to = posOf(start, 'sult') + 2
    const state = EditorState.create({ doc: start, selection: TextSelection.create(start, from, to) })
    expect(bracketSelection(ctx())(state)).toBe(false)
  })

  it('[D3] a proposal to delete is a bracket with the note "delete"', () => {
    const after = run(select(doc(rec('r1', t('Act every two years.'))), 'every two years'), bracketSelection(ctx(), 'delete'))
    expect(first(after.doc, 'bracket').attrs.note).toBe('delete')
  })

  it('[D1][C4] nothing is bracketed in a locked paragraph, and observers bracket nothing', () => {
    const state = select(doc(rec('r1', t('Agreed text.'))), 'Agreed')
    expect(bracketSelection(ctx('member', ['r1']))(state)).toBe(false)
    expect(bracketSelection(ctx('observer'))(state)).toBe(false)
  })
})

describe('[D4][D5] amendments and alternatives', () => {
  it('[D4] an amendment puts the proposed wording beside the original in one group', () => {
    const after = run(select(doc(rec('r1', t('States shall act.'))), 'shall'), proposeAmendment(ctx(), 'should'))
    const group = first(after.doc, 'alternatives')
    expect(group.childCount).toBe(2)
    expect(group.child(0).textContent).toBe('shall')
    expect(group.child(1).textContent).toBe('should')
    expect(group.child(1).attrs.sponsors).toEqual(['Kenya'])
  })

  it('[D5] adding an alternative to a bracket makes a group of two; to a group, a third', () => {
    const start = doc(rec('r1', t('Report '), bracket('b1', t('every two years')), t('.')))
    const two = run(select(start, 'two', true), addAlternative(ctx(), 'annually'))
    const group = first(two.doc, 'alternatives')
    expect(group.attrs.id).toBe('b1')
    expect([group.child(0).textContent, group.child(1).textContent]).toEqual(['every two years', 'annually'])
    expect(group.child(0).attrs.sponsors).toEqual(['EU'])
    const three = run(select(two.doc, 'annually', true), addAlternative(ctx(), 'every five years'))
    expect(first(three.doc, 'alternatives').childCount).toBe(3)
  })

  it('[D4][D5] a whole paragraph amended, or bracketed and given an alternative, becomes Option 1 / Option 2', () => {
    const amended = run(select(doc(rec('r1', t('Establish a fund.'))), 'Establish a fund.'), proposeAmendment(ctx(), 'Use existing funds.'))
    expect(first(amended.doc, 'alternatives').attrs.form).toBe('paragraph')
    const part = run(select(doc(rec('r1', t('Establish a fund.'))), 'a fund'), proposeAmendment(ctx(), 'two funds'))
    expect(first(part.doc, 'alternatives').attrs.form).toBe('inline')
    const whole = run(select(doc(rec('r1', bracket('b1', t('Establish a fund.')))), 'fund', true), addAlternative(ctx(), 'Use existing funds.'))
    expect(first(whole.doc, 'alternatives').attrs).toMatchObject({ id: 'b1', form: 'paragraph' })
  })

  it('[D5] outside any bracket there is nothing to add an alternative to', () => {
    expect(addAlternative(ctx())(select(doc(rec('r1', t('Plain text.'))), 'Plain', true))).toBe(false)
  })
})

describe('[D6][D7] cleaning (the chair and the secretariat)', () => {
  const start = doc(rec('r1', t('States '), alternatives('a1', option(['G77'], 'shall'), option(['EU'], 'should')), t(' act '), bracket('b1', t('now')), t('.')))

  it('[D6] removing a bracket keeps its text, clean', () => {
    const after = run(select(start, 'now', true), removeBracket(ctx('secretariat')))
    expect(() => first(after.doc, 'bracket')).toThrow()
    expect(after.doc.textContent).toContain('act now.')
  })

  it('[D7] choosing an alternative keeps it and drops the others and the brackets', () => {
    const after = run(select(start, 'should', true), chooseAlternative(ctx('chair')))
    expect(() => first(after.doc, 'alternatives')).toThrow()
    expect(after.doc.textContent).toContain('States should act')
    const byIndex = run(select(start, 'should', true), chooseAlternative(ctx('chair'), 0))
    expect(byIndex.doc.textContent).toContain('States shall act')
  })

  it('[D6][D7] members and observers cannot clean; nobody cleans a locked paragraph', () => {
    for (const role of ['member', 'observer'] as const) {
      expect(removeBracket(ctx(role))(select(start, 'now', true))).toBe(false)
      expect(chooseAlternative(ctx(role))(select(start, 'should', true))).toBe(false)
    }
    expect(removeBracket(ctx('chair', ['r1']))(select(start, 'now', true))).toBe(false)
  })
})

describe('[D1][D8] proposals and sponsors', () => {
  it('[D1] proposes a new recommendation at the end of the topic, sponsored by the delegation, with no status', () => {
    const after = run(select(doc(rec('r1', t('One.'))), 'One', true), proposeRecommendation(ctx()))
    const topic = after.doc.child(1)
    const added = topic.child(topic.childCount - 1)
    expect(added.type.name).toBe('recommendation')
    expect(added.attrs.sponsors).toEqual(['Kenya'])
    expect(added.attrs.id).toMatch(/^r-/)
    expect(after.selection.$from.parent).toBe(added)
  })

  it('[D8][R13] co-sponsoring asks the server for the own delegation to join the paragraph, or to leave it', () => {
    const sent: SponsorshipRequest[] = []
    const start = doc(rec('r1', t('One.')))
    const state = select(start, 'One', true)
    expect(toggleSponsorship(ctx(), (r) => sent.push(r))(state, () => {})).toBe(true)
    expect(sent).toEqual([{ target: { kind: 'paragraph', paragraphId: 'r1' }, delegation: 'Kenya', join: true }])
    const joined = toggledSponsors(['Brazil'], 'Kenya', true)
    expect(joined).toEqual(['Brazil', 'Kenya'])
    expect(toggledSponsors(joined, 'Kenya', true)).toEqual(['Brazil', 'Kenya'])
    expect(toggledSponsors(joined, 'Kenya', false)).toEqual(['Brazil'])
    const sponsored = doc(schema.node('recommendation', { id: 'r1', sponsors: ['Brazil', 'Kenya'] }, [t('One.')]))
    sent.length = 1
    toggleSponsorship(ctx(), (r) => sent.push(r))(select(sponsored, 'One', true), () => {})
    expect(sent[1]?.join).toBe(false)
  })

  it('[D8] inside a bracket the bracket is the target, inside an option the option', () => {
    const sent: SponsorshipRequest[] = []
    const send = (r: SponsorshipRequest): void => void sent.push(r)
    toggleSponsorship(ctx(), send)(select(doc(rec('r1', t('Act '), bracket('b1', t('now')), t('.'))), 'now', true), () => {})
    const group = alternatives('a1', option(['EU'], 'shall'), option(['G77'], 'should'))
    toggleSponsorship(ctx(), send)(select(doc(rec('r2', t('States '), group)), 'should', true), () => {})
    expect(sent.map((r) => r.target)).toEqual([
      { kind: 'bracket', paragraphId: 'r1', bracketId: 'b1' },
      { kind: 'option', paragraphId: 'r2', groupId: 'a1', option: 1 },
    ])
  })

  it('[D8][D1] observers and locked paragraphs have no sponsorship command', () => {
    const state = select(doc(rec('r1', t('One.'))), 'One', true)
    expect(toggleSponsorship({ ...ctx(), role: 'observer' }, () => {})(state)).toBe(false)
    expect(toggleSponsorship({ ...ctx(), isLocked: () => true }, () => {})(state)).toBe(false)
  })
})

describe('[R3][C8] the chair\'s status actions and reservations, as commands at the cursor', () => {
  const clean = doc(rec('r1', t('One.')), rec('r2', t('Act '), bracket('b1', t('now')), t('.')))
  const none = (): null => null

  it('[R3] the chair agrees a clean paragraph; the command asks the server, it changes nothing itself', () => {
    const sent: [string, string][] = []
    const agree = statusCommand('agree', 'chair', none, (id, action) => sent.push([id, action]))
    const state = select(clean, 'One', true)
    expect(agree(state, () => expect.unreachable('no local change'))).toBe(true)
    expect(sent).toEqual([['r1', 'agree']])
  })

  it('[R3] not while brackets remain, not for anyone but the chair, not where the transition does not apply', () => {
    const send = (): void => expect.unreachable('nothing is sent')
    expect(statusCommand('agree', 'chair', none, send)(select(clean, 'now', true))).toBe(false)
    for (const role of ['secretariat', 'member', 'observer'] as Role[]) expect(statusCommand('agree', role, none, send)(select(clean, 'One', true))).toBe(false)
    expect(statusCommand('reopen', 'chair', none, send)(select(clean, 'One', true))).toBe(false)
    expect(statusCommand('reopen', 'chair', () => ({ status: 'agreed', at: '' }), send)(select(clean, 'One', true))).toBe(true)
    expect(statusCommand('restore', 'chair', none, send)(select(clean, 'One', true))).toBe(false)
  })

  it('[C8] a delegation records its reservation at the cursor, or withdraws it; observers have none', () => {
    const sent: [string, boolean][] = []
    const send = (id: string, record: boolean): void => void sent.push([id, record])
    reservationCommand('member', () => false, send)(select(clean, 'One', true), () => {})
    reservationCommand('member', () => true, send)(select(clean, 'One', true), () => {})
    expect(sent).toEqual([['r1', true], ['r1', false]])
    expect(reservationCommand('observer', () => false, send)(select(clean, 'One', true))).toBe(false)
  })
})

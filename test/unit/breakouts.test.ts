/**
 * SPEC B1 and B2, the pure rules of break-out groups (shared/breakouts.ts): who creates one, which
 * paragraphs go to it (unlocked ones; agreed text and the annex stay in plenary; none twice), and
 * what the break-out's document holds at the start.
 */
import { describe, expect, it } from 'vitest'
import { breakoutContent, decideBreakout, decideClose, frozenParagraphs, readCharter, roleInDocument, type BreakoutCharter, type BreakoutInfo, type BreakoutRequest } from '../../shared/breakouts.ts'
import { may, type Role } from '../../shared/roles.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'
import { NO_NUMBERS } from '../../shared/numbering.ts'
import { breakoutInfo } from '../helpers/breakouts.ts'
import { demoConsensus, demoContent } from '../../server/demo/demoDocument.ts'

const text = demoContent()
const consensus = demoConsensus()
const lookup = (id: string) => readConsensusEntry(consensus[id])
const brazil = { memberId: 'm-brazil', displayName: 'Delegate of Brazil', delegation: 'Brazil', role: 'member' as const }
const request = (over: Partial<BreakoutRequest> = {}): BreakoutRequest => ({
  name: 'Break-out group 1: Topics B and C',
  facilitator: brazil,
  topicIds: [],
  paragraphIds: [],
  openTo: null,
  observersFollow: true,
  plenaryMayEdit: false,
  ...over,
})
const running = breakoutInfo
const decide = (r: BreakoutRequest, role: 'chair' | 'secretariat' | 'member' = 'chair', others: BreakoutInfo[] = []) => decideBreakout(role, r, text, lookup, NO_NUMBERS, others)

describe('[B1] creating a break-out group', () => {
  it('[B1] whole topics send their unlocked paragraphs, in document order; agreed B.1 and ad ref D.1 stay in plenary', () => {
    expect(decide(request({ topicIds: ['t-demo-c', 't-demo-b'] }))).toEqual({ ok: true, paragraphIds: ['r-demo-b2', 'r-demo-b3', 'r-demo-c1', 'r-demo-c2', 'r-demo-c3'] })
    expect(decide(request({ topicIds: ['t-demo-d'] }))).toEqual({ ok: true, paragraphIds: ['r-demo-d2'] })
  })

  it('[B1] chosen paragraphs go as named; a locked one is refused by its number', () => {
    expect(decide(request({ paragraphIds: ['r-demo-e2', 'r-demo-a1'] }))).toEqual({ ok: true, paragraphIds: ['r-demo-a1', 'r-demo-e2'] })
    expect(decide(request({ paragraphIds: ['r-demo-b1'] }))).toEqual({ ok: false, refusal: 'conflict', reason: 'B.1 is agreed and stays in plenary' })
    expect(decide(request({ paragraphIds: ['r-demo-x1'] }))).toMatchObject({ ok: false, reason: 'Annex 1 is in the annex and stays in plenary' })
    expect(decide(request({ paragraphIds: ['r-nowhere'] }))).toMatchObject({ ok: false, refusal: 'invalid', reason: 'no paragraph r-nowhere in this document' })
  })

  it('[B1] a paragraph is in one running break-out at a time; a closed one frees it', () => {
    const others = [running(['r-demo-b2'])]
    expect(decide(request({ paragraphIds: ['r-demo-b2'] }), 'chair', others)).toEqual({ ok: false, refusal: 'conflict', reason: 'B.2 is already in break-out group 1' })
    expect(decide(request({ topicIds: ['t-demo-b'] }), 'chair', others)).toEqual({ ok: true, paragraphIds: ['r-demo-b3'] })
    expect(decide(request({ paragraphIds: ['r-demo-b2'] }), 'chair', [running(['r-demo-b2'], { status: 'closed' })])).toMatchObject({ ok: true })
    expect(decide(request({ topicIds: ['t-demo-b'] }), 'chair', [running(['r-demo-b2', 'r-demo-b3'])])).toMatchObject({
      ok: false,
      reason: 'every paragraph of those topics is agreed or already in a break-out group',
    })
  })

  it('[B1] only the chair (or the secretariat on the chair\'s behalf) creates one; it needs a name, a facilitator who is not an observer, and something to work on', () => {
    expect(decide(request({ topicIds: ['t-demo-b'] }), 'member')).toEqual({ ok: false, refusal: 'forbidden', reason: 'only the chair and the secretariat create break-out groups' })
    expect(decide(request({ topicIds: ['t-demo-b'] }), 'secretariat')).toMatchObject({ ok: true })
    expect(decide(request({ name: '  ', topicIds: ['t-demo-b'] }))).toMatchObject({ ok: false, reason: 'a break-out group needs a name' })
    expect(decide(request({ name: 'x'.repeat(121), topicIds: ['t-demo-b'] }))).toMatchObject({ ok: false, refusal: 'invalid' })
    expect(decide(request({ facilitator: null, topicIds: ['t-demo-b'] }))).toMatchObject({ ok: false, reason: 'the facilitator must be a member of this working group' })
    expect(decide(request({ facilitator: { ...brazil, role: 'observer' }, topicIds: ['t-demo-b'] }))).toMatchObject({ ok: false, reason: 'Delegate of Brazil is an observer and cannot facilitate' })
    expect(decide(request())).toMatchObject({ ok: false, reason: 'choose the topics or paragraphs the break-out group works on' })
    expect(decide(request({ topicIds: ['t-nowhere'] }))).toMatchObject({ ok: false, reason: 'no topic t-nowhere in this document' })
  })
})

describe('[B2] the break-out document at the start', () => {
  it('[B2] its name as title, the topics that hold chosen paragraphs with their headings, the paragraphs as they stand, an empty annex', () => {
    const content = breakoutContent(text, 'Break-out group 1: Topics B and C', ['r-demo-b3', 'r-demo-c1'])
    content.check()
    expect(content.firstChild!.textContent).toBe('Break-out group 1: Topics B and C')
    const topics: { id: string; heading: string; paragraphs: string[] }[] = []
    content.forEach((child) => {
      if (child.type.name !== 'topic') return
      const paragraphs: string[] = []
      child.forEach((p) => p.type.name === 'recommendation' && paragraphs.push(p.attrs.id as string))
      topics.push({ id: child.attrs.id as string, heading: child.firstChild!.textContent, paragraphs })
    })
    expect(topics).toEqual([
      { id: 't-demo-b', heading: 'Roles and responsibilities of stakeholders', paragraphs: ['r-demo-b3'] },
      { id: 't-demo-c', heading: "Developing countries' participation", paragraphs: ['r-demo-c1'] },
    ])
    // C.1 keeps its whole-paragraph options with their sponsors, exactly as in plenary.
    const find = (doc: typeof text, id: string) => {
      let found = null as typeof text | null
      doc.descendants((n) => {
        if (n.attrs.id === id) found = n
        return found === null
      })
      return found!
    }
    expect(find(content, 'r-demo-c1').eq(find(text, 'r-demo-c1'))).toBe(true)
    expect(content.lastChild!.type.name).toBe('annex')
    expect(content.lastChild!.childCount).toBe(0)
  })

  it('[B3] frozen in plenary: the paragraphs of running break-outs, unless plenary may still edit them', () => {
    const frozen = frozenParagraphs([running(['r-demo-b2', 'r-demo-b3']), running(['r-demo-c1'], { id: 'bo-2', number: 2, plenaryMayEdit: true }), running(['r-demo-d2'], { id: 'bo-3', number: 3, status: 'closed' })])
    expect([...frozen.keys()]).toEqual(['r-demo-b2', 'r-demo-b3'])
    expect(frozen.get('r-demo-b3')?.number).toBe(1)
  })
})

describe('[B1] closing a break-out group', () => {
  it('[B1] the chair or the secretariat closes a running one; a member, an unknown one or a closed one are refused in words', () => {
    const open = running(['r-demo-b2'])
    expect(decideClose('chair', [open], 'bo-1')).toEqual({ ok: true, breakout: open })
    expect(decideClose('secretariat', [open], 'bo-1')).toMatchObject({ ok: true })
    expect(decideClose('member', [open], 'bo-1')).toEqual({ ok: false, refusal: 'forbidden', reason: 'only the chair and the secretariat close break-out groups' })
    expect(decideClose('chair', [open], 'bo-9')).toEqual({ ok: false, refusal: 'not-found', reason: 'no such break-out group of this document' })
    expect(decideClose('chair', [running(['r-demo-b2'], { status: 'closed' })], 'bo-1')).toEqual({ ok: false, refusal: 'conflict', reason: 'break-out group 1 is already closed' })
  })
})

describe('[B4] who someone is in a break-out document', () => {
  const charter: BreakoutCharter = {
    plenaryId: 'wgec-rolling',
    number: 2,
    name: 'Break-out group 2',
    facilitator: { memberId: 'm-brazil', displayName: 'Delegate of Brazil', delegation: 'Brazil' },
    openTo: ['Brazil', 'India'],
    observersFollow: false,
    status: 'running',
  }
  const who = (memberId: string, role: Role, delegation: string) => ({ memberId, role, delegation })

  it('[B4] the facilitator drafts as a pen-holder, the chair and the secretariat keep their roles, named delegations join', () => {
    expect(roleInDocument(charter, who('m-brazil', 'member', 'Brazil'))).toEqual({ ok: true, role: 'facilitator' })
    expect(roleInDocument(charter, who('m-chair', 'chair', 'Mexico'))).toEqual({ ok: true, role: 'chair' })
    expect(roleInDocument(charter, who('m-sec', 'secretariat', 'UN'))).toEqual({ ok: true, role: 'secretariat' })
    expect(roleInDocument(charter, who('m-india', 'member', 'India'))).toEqual({ ok: true, role: 'member' })
    expect(may('facilitator', 'clean') && may('facilitator', 'changeStatus')).toBe(true)
    expect(may('facilitator', 'runBreakouts') || may('facilitator', 'manageMembers') || may('facilitator', 'issueRevision')).toBe(false)
  })

  it('[B4] others are refused in words; once closed, everyone reads and nobody writes; elsewhere, the group role', () => {
    expect(roleInDocument(charter, who('m-kenya', 'member', 'Kenya'))).toEqual({ ok: false, reason: 'break-out group 2 is open to Brazil, India only' })
    expect(roleInDocument(charter, who('m-obs', 'observer', 'ISOC'))).toEqual({ ok: false, reason: 'observers do not follow break-out group 2' })
    expect(roleInDocument({ ...charter, observersFollow: true }, who('m-obs', 'observer', 'ISOC'))).toEqual({ ok: true, role: 'observer' })
    const closed = { ...charter, status: 'closed' as const }
    for (const w of [who('m-brazil', 'member', 'Brazil'), who('m-chair', 'chair', 'Mexico'), who('m-kenya', 'member', 'Kenya')]) expect(roleInDocument(closed, w)).toEqual({ ok: true, role: 'observer' })
    expect(roleInDocument(null, who('m-kenya', 'member', 'Kenya'))).toEqual({ ok: true, role: 'member' })
    expect(readCharter(charter)).toEqual(charter)
    expect(readCharter({ plenaryId: 'x' })).toBeNull()
  })
})

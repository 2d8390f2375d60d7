/**
 * Issuing revisions (SPEC V1-V3): the shared decision, and the command on the one command path:
 * the document's state at that moment stored with the update and the audit row, immutable,
 * without comment threads, and the numbers fixed then recorded in the document for everyone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decideRevision, readLatestRevision, suggestSymbol, type RevisionInfo } from '../../shared/revisions.ts'
import { commentsOf, metaOf, textOf } from '../../shared/ydoc.ts'
import { DOC, PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import type { Actor } from '../../server/collab/commands.ts'

const rev1: RevisionInfo = { number: 1, symbol: 'WGEC/2014/CRP.1/Rev.1', issuedAt: '2026-03-02T09:00:00.000Z', note: '', issuedBy: 'chair' }
const request = (symbol: string, issuedAt = '2026-03-03T17:30:00.000Z', note = ''): { symbol: string; note: string; issuedAt: string } => ({ symbol, note, issuedAt })

describe('[V1] who issues a revision, and what it is called', () => {
  it('[V1] the chair, or the secretariat on the chair\'s behalf; nobody else', () => {
    expect(decideRevision('chair', null, request('Rev.1'))).toEqual({ ok: true, revision: { number: 1, symbol: 'Rev.1', issuedAt: '2026-03-03T17:30:00.000Z', note: '', issuedBy: 'chair' } })
    expect(decideRevision('secretariat', rev1, request(' WGEC/2014/CRP.1/Rev.2 ', '2026-03-03T17:30:00+01:00', ' After Thursday '))).toEqual({
      ok: true,
      revision: { number: 2, symbol: 'WGEC/2014/CRP.1/Rev.2', issuedAt: '2026-03-03T16:30:00.000Z', note: 'After Thursday', issuedBy: 'secretariat' },
    })
    for (const role of ['member', 'observer'] as const) {
      expect(decideRevision(role, rev1, request('X/Rev.2'))).toMatchObject({ ok: false, refusal: 'forbidden', reason: expect.stringMatching(/only the chair/) as string })
    }
  })

  it('[V1] a revision needs a new symbol, a date not before the previous one, and bounded words', () => {
    expect(decideRevision('chair', rev1, request('WGEC/2014/CRP.1/Rev.1'))).toEqual({ ok: false, refusal: 'conflict', reason: 'WGEC/2014/CRP.1/Rev.1 was already issued, as Rev.1' })
    expect(decideRevision('chair', rev1, request('Rev.2', '2026-03-01T09:00:00.000Z'))).toMatchObject({ ok: false, refusal: 'conflict', reason: 'Rev.1 is dated 2026-03-02 09:00; a later revision cannot be dated before it' })
    expect(decideRevision('chair', rev1, request('   '))).toMatchObject({ ok: false, refusal: 'invalid' })
    expect(decideRevision('chair', rev1, request('x'.repeat(121)))).toMatchObject({ ok: false, refusal: 'invalid', reason: 'the symbol is longer than 120 characters' })
    expect(decideRevision('chair', rev1, request('Rev.2', 'Thursday'))).toMatchObject({ ok: false, refusal: 'invalid' })
  })

  it('[V1] the suggested symbol counts the previous one up', () => {
    expect(suggestSymbol(null)).toBe('Rev.1')
    expect(suggestSymbol(null, 'WGEC/2014/CRP.1')).toBe('WGEC/2014/CRP.1/Rev.1')
    expect(suggestSymbol(rev1)).toBe('WGEC/2014/CRP.1/Rev.2')
    expect(suggestSymbol({ symbol: 'CRP.1/Rev. 9' })).toBe('CRP.1/Rev. 10')
    expect(suggestSymbol({ symbol: 'WGEC/2014/CRP.1' })).toBe('WGEC/2014/CRP.1/Rev.1')
  })
})

describe('[V2][V3] issuing a revision on the command path', () => {
  let h: ReturnType<typeof guardHarness>
  beforeEach(() => {
    h = guardHarness()
  })
  afterEach(() => h.dispose())

  const chair: Actor = { memberId: 'm-chair', displayName: 'The chair', delegation: 'Mexico (Chair)', role: 'chair' }
  const stored = (n: number): Y.Doc => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, h.store.getRevision(DOC, n)!.state)
    return doc
  }

  it('[V2] stores the whole state with its update and audit row in one commit; everyone connected receives it', () => {
    const observer = h.connect(participant('observer'))
    const member = h.connect(participant('member'))
    expect(h.collab.runCommand(DOC, chair, { kind: 'comment.start', paragraphId: PROPOSED, anchor: null, quote: '', text: 'Internal remark' })).toMatchObject({ ok: true })
    const calls = h.store.appendCalls.length
    const outcome = h.collab.runCommand(DOC, chair, { kind: 'revision.issue', symbol: 'WGEC/2014/CRP.1/Rev.1', note: 'Reflects Monday', issuedAt: '2026-03-02T09:00:00Z' })
    expect(outcome).toEqual({ ok: true, value: { revision: { number: 1, symbol: 'WGEC/2014/CRP.1/Rev.1', issuedAt: '2026-03-02T09:00:00.000Z', note: 'Reflects Monday', issuedBy: 'chair' } } })
    const commit = h.store.appendCalls.slice(calls)
    expect(commit).toHaveLength(1)
    expect(commit[0]!.map((e) => [e.command?.detail, e.revision?.number])).toEqual([[{ action: 'issueRevision', revision: 1, symbol: 'WGEC/2014/CRP.1/Rev.1' }, 1]])

    const rev = stored(1)
    expect(textOf(rev).toString()).toBe(textOf(h.room().doc).toString())
    expect(commentsOf(rev).size).toBe(0) // no output carries the comment threads (K6)
    expect(commentsOf(h.room().doc).size).toBe(1) // the live document keeps them
    const latest = readLatestRevision(metaOf(rev).get('revision'))
    expect(latest?.numbers[PROPOSED]).toBe('B.3')
    h.settle()
    expect(readLatestRevision(metaOf(observer.doc).get('revision'))).toMatchObject({ number: 1, symbol: 'WGEC/2014/CRP.1/Rev.1', issuedBy: 'chair' })
    expect(readLatestRevision(metaOf(member.doc).get('revision'))?.number).toBe(1)
  })

  it('[V2] a revision never changes afterwards: edits and Rev.2 leave Rev.1 as it was', () => {
    const member = h.connect(participant('member'))
    expect(h.collab.runCommand(DOC, chair, { kind: 'revision.issue', symbol: 'Rev.1' })).toMatchObject({ ok: true })
    const first = textOf(stored(1)).toString()
    member.type(' as amended')
    h.settle()
    expect(h.collab.runCommand(DOC, chair, { kind: 'revision.issue', symbol: 'Rev.2' })).toMatchObject({ ok: true, value: { revision: { number: 2 } } })
    h.collab.flush()
    expect(textOf(stored(1)).toString()).toBe(first)
    expect(textOf(stored(2)).toString()).toContain('as amended')
    expect(first).not.toContain('as amended')
    expect(h.store.listRevisions(DOC).map((r) => r.symbol)).toEqual(['Rev.1', 'Rev.2'])
  })

  it('[V1] a refusal writes and stores nothing', () => {
    const before = h.store.appendCalls.flat().length
    expect(h.collab.runCommand(DOC, { ...chair, role: 'member' }, { kind: 'revision.issue', symbol: 'Rev.1' })).toMatchObject({ ok: false, refusal: 'forbidden' })
    expect(h.collab.runCommand(DOC, chair, { kind: 'revision.issue', symbol: 'Rev.1', issuedAt: 'tomorrow' })).toMatchObject({ ok: false, refusal: 'invalid', reason: expect.stringMatching(/^issuedAt: /) as string })
    expect(h.store.appendCalls.flat().length).toBe(before)
    expect(h.store.listRevisions(DOC)).toEqual([])
  })
})

/**
 * Comparing two states (SPEC V6) and the concordance (V4): paragraphs matched by id, words from
 * jsdiff, brackets, sponsors, reservations and statuses beside them, a move shown once,
 * renumbering never a change.
 */
import { describe, expect, it } from 'vitest'
import { compareDocuments, factsOfTree, readingOf, type DocumentFacts } from '../../shared/comparison.ts'
import { concordance } from '../../shared/concordance.ts'
import type { ConsensusEntry } from '../../shared/consensus.ts'
import type { NumberTable } from '../../shared/revisions.ts'
import { alternatives, annex, bracket, doc, option, rec, title, topic } from '../helpers/docBuilders.ts'
import type { Node as PMNode } from 'prosemirror-model'

const facts = (tree: PMNode, consensus: Record<string, ConsensusEntry> = {}, reserved: Record<string, string[]> = {}, table: NumberTable = {}): DocumentFacts =>
  factsOfTree(tree, (id) => consensus[id] ?? null, (id) => reserved[id] ?? [], table)

describe('[V6] comparing two states', () => {
  const older = doc(
    title(),
    topic('ta', [rec('a1', ['States ', alternatives('g1', [option(['shall']), option(['should'])]), ' cooperate.'], ['Kenya']), rec('a2', ['Old text.'])]),
    topic('tb', [rec('b1', ['Moves later.']), rec('b2', ['Goes to the annex.']), rec('b3', ['Will be deleted.'])]),
    annex([]),
  )
  const newer = doc(
    title(),
    topic('ta', [rec('a1', ['States shall cooperate closely.'], ['Kenya', 'Brazil']), rec('a2', ['Old text.']), rec('b1', ['Moves later.'])]),
    topic('tb', [rec('new', ['A ', bracket('k1', ['new'], ['EU']), ' paragraph.'], ['EU'])]),
    annex([rec('b2', ['Goes to the annex.'])]),
  )
  const rev1: NumberTable = { ta: 'A', a1: 'A.1', a2: 'A.2', tb: 'B', b1: 'B.1', b2: 'B.2', b3: 'B.3' }
  const result = compareDocuments(
    facts(older, {}, {}, {}),
    facts(newer, { a1: { status: 'agreed' }, b2: { status: 'annex', views: ['Some members considered ...', 'Other members ...'] } }, { a2: ['Egypt'] }, rev1),
  )
  const of = (id: string) => result.paragraphs.find((p) => p.paragraphId === id)!

  it('reads text as a reader does: alternatives [a / b], brackets [..]', () => {
    expect(readingOf(older.child(1).child(1))).toBe('States [shall / should] cooperate.')
  })

  it('words inserted and deleted; alternatives cleaned; sponsors joined; status from proposed to agreed', () => {
    const a1 = of('a1')
    expect(a1.change).toBe('changed')
    // Read one way the words give the old text, read the other way the new one.
    expect(a1.words.filter((w) => w.op !== 'inserted').map((w) => w.text).join('')).toBe('States [shall / should] cooperate.')
    expect(a1.words.filter((w) => w.op !== 'deleted').map((w) => w.text).join('')).toBe('States shall cooperate closely.')
    expect(a1.words.filter((w) => w.op === 'deleted').map((w) => w.text).join('')).toContain('should')
    expect(a1.words.filter((w) => w.op === 'inserted').map((w) => w.text).join('')).toContain('closely')
    expect(a1.alternatives).toEqual({ added: [], cleaned: ['[shall / should]'] })
    expect(a1.sponsors).toEqual({ joined: ['Brazil'], left: [] })
    expect(a1.status).toEqual({ from: 'bracketed', to: 'agreed' })
  })

  it('a reservation entered is a change; an untouched paragraph is unchanged although renumbered', () => {
    expect(of('a2')).toMatchObject({ change: 'changed', reservations: { entered: ['Egypt'], withdrawn: [] }, textChanged: false })
    // b1 moved from B.1 to topic A, where it keeps B.1 under Rev.1's table: one entry, a move.
    expect(result.paragraphs.filter((p) => p.paragraphId === 'b1')).toHaveLength(1)
    expect(of('b1')).toMatchObject({ change: 'changed', moved: { from: 'B', to: 'A' }, textChanged: false, before: { label: 'B.1' }, after: { label: 'B.1' } })
  })

  it('moved to the annex with the views recorded; a new paragraph with its bracket; a deleted one where it stood', () => {
    expect(of('b2')).toMatchObject({ moved: { from: 'B', to: 'Annex' }, status: { from: 'proposed', to: 'annex' }, views: ['Some members considered ...', 'Other members ...'] })
    expect(of('new')).toMatchObject({ change: 'added', before: null, after: { label: 'B.0 bis' }, words: [{ op: 'inserted', text: 'A [new] paragraph.' }] })
    expect(of('b3')).toMatchObject({ change: 'deleted', after: null, words: [{ op: 'deleted', text: 'Will be deleted.' }] })
    // b3 stood after b2 in the older text: it follows b2 in the comparison.
    const order = result.paragraphs.map((p) => p.paragraphId)
    expect(order.indexOf('b3')).toBe(order.indexOf('b2') + 1)
  })

  it('sums it up', () => {
    expect(result.summary).toEqual({ added: 1, deleted: 1, changed: 4, unchanged: 0, moved: 2, statusChanged: 2, bracketsAdded: 0, bracketsCleaned: 1 })
  })

  it('the same state against itself: nothing changed', () => {
    const same = compareDocuments(facts(newer), facts(newer))
    expect(same.summary).toMatchObject({ added: 0, deleted: 0, changed: 0, unchanged: 5 })
    expect(same.headings).toEqual([])
  })
})

describe('[V4] concordance', () => {
  it('each paragraph\'s number now and in the revision before: renumbered, new, deleted, moved to the annex', () => {
    const rev1: NumberTable = { ta: 'A', a1: 'A.1', a2: 'A.2', tb: 'B', b1: 'B.1', b2: 'B.2', x1: 'Annex 1' }
    const rev2: NumberTable = { ta: 'A', a1: 'A.1', n: 'A.2', a2: 'A.3', tb: 'B', b1: 'B.1', b2: 'Annex 1', x1: 'Annex 2' }
    expect(concordance(rev2, rev1).map((r) => [r.now, r.before, r.change])).toEqual([
      ['A.1', 'A.1', 'unchanged'],
      ['A.2', null, 'new'],
      ['A.3', 'A.2', 'renumbered'],
      ['B.1', 'B.1', 'unchanged'],
      ['Annex 1', 'B.2', 'moved to the annex'],
      ['Annex 2', 'Annex 1', 'renumbered'],
    ])
    const rev3: NumberTable = { ta: 'A', a1: 'A.1', a2: 'A.2' }
    expect(concordance(rev3, rev2).filter((r) => r.change === 'deleted').map((r) => r.before)).toEqual(['A.2', 'B.1', 'Annex 1', 'Annex 2'])
    expect(concordance(rev1, null).every((r) => r.change === 'new')).toBe(true)
  })
})

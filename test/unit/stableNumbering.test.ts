/**
 * Numbers that do not move between revisions (SPEC V5): a revision's number table plus the tree
 * give every number; added paragraphs take `bis`, `ter` ...; a vacated number is never reused.
 * Seeded: SEED=n replays one run.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import { addedAfter, cleanNumberTable, numberDocument, numberOutline, numberTree, paragraphLabels, vacatedText, type OutlineSection } from '../../shared/numbering.ts'
import type { NumberTable } from '../../shared/revisions.ts'
import { metaOf, textOf } from '../../shared/ydoc.ts'
import { annex, doc, rec, title, topic } from '../helpers/docBuilders.ts'

/** Rev.1 of a small document: A (A.1, A.2), B (B.1 ... B.4), Annex 1. */
const REV1: NumberTable = { ta: 'A', a1: 'A.1', a2: 'A.2', tb: 'B', b1: 'B.1', b2: 'B.2', b3: 'B.3', b4: 'B.4', x1: 'Annex 1' }
const labelsOf = (outline: OutlineSection[], table: NumberTable): Record<string, string> => {
  const n = numberOutline(outline, table)
  const out: Record<string, string> = {}
  outline.forEach((s, i) => {
    if (s.id) out[s.id] = n.sections[i]!
    s.paragraphs.forEach((id, j) => (out[id ?? `?${i}.${j}`] = n.paragraphs[i]![j]!))
  })
  return out
}
const t = (id: string, paragraphs: string[]): OutlineSection => ({ kind: 'topic', id, paragraphs })
const ax = (paragraphs: string[]): OutlineSection => ({ kind: 'annex', id: null, paragraphs })

describe('[V5] numbers between revisions', () => {
  it('a paragraph added after B.3 is B.3 bis, the next B.3 ter; one before B.1 is B.0 bis; the rest keep theirs', () => {
    const labels = labelsOf([t('ta', ['a1', 'a2']), t('tb', ['n0', 'b1', 'b2', 'b3', 'n1', 'n2', 'b4']), ax(['x1'])], REV1)
    expect(labels).toMatchObject({ n0: 'B.0 bis', b1: 'B.1', b3: 'B.3', n1: 'B.3 bis', n2: 'B.3 ter', b4: 'B.4', x1: 'Annex 1' })
  })

  it('the Latin series runs bis, ter, quater ... decies', () => {
    expect(Array.from({ length: 9 }, (_, i) => addedAfter('B.3', i + 1))).toEqual(
      ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies'].map((a) => `B.3 ${a}`),
    )
  })

  it('a moved paragraph keeps its number; what it leaves is not renumbered', () => {
    // B.2 moved to the end of topic A; C-style pasting above B.3 does not shift it.
    const labels = labelsOf([t('ta', ['a1', 'a2', 'b2']), t('tb', ['b1', 'pasted', 'b3', 'b4']), ax(['x1'])], REV1)
    expect(labels).toMatchObject({ b2: 'B.2', b1: 'B.1', pasted: 'B.1 bis', b3: 'B.3', b4: 'B.4' })
  })

  it('a deleted paragraph leaves its number unused, shown as [B.4 deleted] after B.3', () => {
    const n = numberOutline([t('ta', ['a1', 'a2']), t('tb', ['b1', 'b2', 'b3', 'new']), ax(['x1'])], REV1)
    expect(n.paragraphs[1]).toEqual(['B.1', 'B.2', 'B.3', 'B.3 bis'])
    expect(n.vacated).toEqual([{ id: 'b4', label: 'B.4', reason: 'deleted', after: { paragraphId: 'b3' } }])
    expect(vacatedText(n.vacated[0]!)).toBe('[B.4 deleted]')
  })

  it('a paragraph moved to the annex gets an annex number there; its number in the text is shown as moved', () => {
    const n = numberOutline([t('ta', ['a1', 'a2']), t('tb', ['b1', 'b2', 'b3']), ax(['x1', 'b4'])], REV1)
    expect(n.paragraphs[2]).toEqual(['Annex 1', 'Annex 1 bis'])
    expect(n.vacated).toEqual([{ id: 'b4', label: 'B.4', reason: 'moved to the annex', after: { paragraphId: 'b3' } }])
  })

  it('a topic added after A is A bis, its paragraphs A bis.1, A bis.2; B keeps its letter', () => {
    const labels = labelsOf([t('ta', ['a1', 'a2']), t('tn', ['n1', 'n2']), t('tb', ['b1', 'b2', 'b3', 'b4']), ax(['x1'])], REV1)
    expect(labels).toMatchObject({ tn: 'A bis', n1: 'A bis.1', n2: 'A bis.2', tb: 'B', b1: 'B.1' })
  })

  it('B.1 deleted with its neighbour gone too: the mark goes under topic B\'s heading', () => {
    const n = numberOutline([t('ta', ['a1', 'a2']), t('tb', ['b2', 'b3', 'b4']), ax(['x1'])], REV1)
    expect(n.vacated).toEqual([{ id: 'b1', label: 'B.1', reason: 'deleted', after: { topicId: 'tb' } }])
  })

  it('before any revision, numbers follow position (M5)', () => {
    expect(labelsOf([t('ta', ['a1', 'new', 'a2']), t('tb', ['b1']), ax(['x1', 'x2'])], {})).toEqual({ ta: 'A', a1: 'A.1', new: 'A.2', a2: 'A.3', tb: 'B', b1: 'B.1', x1: 'Annex 1', x2: 'Annex 2' })
  })

  it('the ProseMirror tree and the Y.Doc are numbered alike, and the next revision renumbers cleanly', () => {
    const tree = doc(title(), topic('ta', [rec('a1'), rec('a2')]), topic('tb', [rec('b1'), rec('new'), rec('b3'), rec('b4')]), annex([rec('x1')]))
    const ydoc = new Y.Doc()
    prosemirrorToYXmlFragment(tree, textOf(ydoc))
    metaOf(ydoc).set('revision', { number: 1, symbol: 'Rev.1', issuedAt: '2026-12-07T10:00:00.000Z', note: '', issuedBy: 'chair', numbers: REV1 })
    const fromTree = Object.fromEntries(numberDocument(tree, REV1).filter((n) => n.node.type.name === 'recommendation').map((n) => [n.node.attrs.id, n.label]))
    expect(Object.fromEntries(paragraphLabels(ydoc))).toEqual(fromTree)
    expect(fromTree).toMatchObject({ b1: 'B.1', new: 'B.1 bis', b3: 'B.3', b4: 'B.4' })
    expect(numberTree(tree, REV1).vacated.map(vacatedText)).toEqual(['[B.2 deleted]'])
    expect(cleanNumberTable(ydoc)).toEqual({ ta: 'A', a1: 'A.1', a2: 'A.2', tb: 'B', b1: 'B.1', new: 'B.2', b3: 'B.3', b4: 'B.4', x1: 'Annex 1' })
  })
})

describe('[V5] properties, seeded', () => {
  const PINNED = [1, 2, 3, 42]
  const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31))
  for (const s of process.env.SEED ? [seed] : [...PINNED, seed]) {
    it(`no two elements share a number, and numbered ones keep theirs through 200 random edits (SEED=${s})`, () => randomEdits(s))
  }
})

function randomEdits(seed: number): void {
  const gen = prng.create(seed)
  let nextId = 0
  const fresh = (): string => `n${nextId++}`
  // A document of 2-5 topics of 0-6 paragraphs and a small annex, issued as a revision.
  const outline: OutlineSection[] = Array.from({ length: prng.int32(gen, 2, 5) }, () => t(fresh(), Array.from({ length: prng.int32(gen, 0, 6) }, fresh)))
  outline.push(ax(Array.from({ length: prng.int32(gen, 0, 3) }, fresh)))
  const table: NumberTable = { ...labelsOf(outline, {}) }
  const topics = (): OutlineSection[] => outline.filter((s) => s.kind === 'topic')
  for (let step = 0; step < 200; step++) {
    const sections = outline
    const from = prng.oneOf(gen, sections)
    switch (prng.int32(gen, 0, 5)) {
      case 0: // a new paragraph anywhere
        from.paragraphs.splice(prng.int32(gen, 0, from.paragraphs.length), 0, fresh())
        break
      case 1: // a paragraph deleted
        if (from.paragraphs.length) from.paragraphs.splice(prng.int32(gen, 0, from.paragraphs.length - 1), 1)
        break
      case 2: // a paragraph moved (to another topic, or into or out of the annex)
        if (from.paragraphs.length) {
          const [id] = from.paragraphs.splice(prng.int32(gen, 0, from.paragraphs.length - 1), 1)
          const to = prng.oneOf(gen, sections)
          to.paragraphs.splice(prng.int32(gen, 0, to.paragraphs.length), 0, id!)
        }
        break
      case 3: // a new topic
        outline.splice(prng.int32(gen, 0, topics().length), 0, t(fresh(), prng.bool(gen) ? [fresh()] : []))
        break
      case 4: // topics merged: the second's paragraphs join the first, its heading goes
      case 5: {
        const ts = topics()
        if (ts.length < 2) break
        const i = prng.int32(gen, 0, ts.length - 2)
        ts[i]!.paragraphs.push(...ts[i + 1]!.paragraphs)
        outline.splice(outline.indexOf(ts[i + 1]!), 1)
      }
    }
    const n = numberOutline(outline, table)
    const all = [...n.sections.filter((_, i) => outline[i]!.kind === 'topic'), ...n.paragraphs.flat()]
    expect(new Set(all).size, `step ${step}, SEED=${seed}: ${all.join(' | ')}`).toBe(all.length)
    // Nothing vacated is worn by anyone.
    for (const v of n.vacated) expect(all, `step ${step}, SEED=${seed}`).not.toContain(v.label)
    // Every numbered element in the same kind of section still wears its number.
    outline.forEach((s, i) => {
      if (s.kind === 'topic' && s.id && table[s.id]) expect(n.sections[i], `step ${step}, SEED=${seed}`).toBe(table[s.id])
      s.paragraphs.forEach((id, j) => {
        const was = id ? table[id] : undefined
        if (was && was.startsWith('Annex ') === (s.kind === 'annex')) expect(n.paragraphs[i]![j], `step ${step}, SEED=${seed}: ${id}`).toBe(was)
      })
    })
  }
}

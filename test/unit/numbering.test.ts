import { describe, expect, it } from 'vitest'
import { numberDocument, topicLetter } from '../../shared/numbering.ts'
import { demoContent } from '../../server/demo/demoDocument.ts'
import { annex, doc, rec, title, topic } from '../helpers/docBuilders.ts'

describe('topic letters', () => {
  it('[M5] letters topics A to Z, then AA, AB ... AZ, BA ... ZZ, AAA', () => {
    const cases: [number, string][] = [
      [0, 'A'],
      [1, 'B'],
      [25, 'Z'],
      [26, 'AA'],
      [27, 'AB'],
      [51, 'AZ'],
      [52, 'BA'],
      [701, 'ZZ'],
      [702, 'AAA'],
    ]
    for (const [index, letter] of cases) expect(topicLetter(index), `index ${index}`).toBe(letter)
  })

  it('[M5] letters are distinct and increasing for the first thousand topics', () => {
    const letters = Array.from({ length: 1000 }, (_, i) => topicLetter(i))
    expect(new Set(letters).size).toBe(1000)
    for (let i = 1; i < letters.length; i++) {
      const [a, b] = [letters[i - 1]!, letters[i]!]
      expect(a.length < b.length || (a.length === b.length && a < b), `${a} before ${b}`).toBe(true)
    }
  })

  it('[M5] refuses an index that is negative or not an integer', () => {
    expect(() => topicLetter(-1)).toThrow(RangeError)
    expect(() => topicLetter(1.5)).toThrow(RangeError)
    expect(() => topicLetter(Number.NaN)).toThrow(RangeError)
  })
})

describe('paragraph numbers', () => {
  it('[M5] numbers topics by letter, recommendations from 1 within their topic, annex items Annex n', () => {
    const content = doc(
      title(),
      topic('t1', [rec('r1'), rec('r2')]),
      topic('t2', []),
      topic('t3', [rec('r3'), rec('r4'), rec('r5')]),
      annex([rec('r6'), rec('r7')]),
    )
    const labels = numberDocument(content).map((n) => [n.node.attrs.id, n.label])
    expect(labels).toEqual([
      ['t1', 'A'],
      ['r1', 'A.1'],
      ['r2', 'A.2'],
      ['t2', 'B'],
      ['t3', 'C'],
      ['r3', 'C.1'],
      ['r4', 'C.2'],
      ['r5', 'C.3'],
      ['r6', 'Annex 1'],
      ['r7', 'Annex 2'],
    ])
  })

  it('[M5] each position points at its node in the document', () => {
    const content = demoContent()
    const numbered = numberDocument(content)
    expect(numbered.length).toBe(5 + 15) // five topics, fourteen recommendations and one annex point
    for (const { pos, node } of numbered) expect(content.nodeAt(pos)).toBe(node)
  })

  it('[M5] the demo numbers its five topics A-E and its annex point Annex 1', () => {
    const byId = new Map(numberDocument(demoContent()).map((n) => [n.node.attrs.id as string, n.label]))
    expect(byId.get('t-demo-a')).toBe('A')
    expect(byId.get('r-demo-a4')).toBe('A.4')
    expect(byId.get('r-demo-b2')).toBe('B.2')
    expect(byId.get('t-demo-e')).toBe('E')
    expect(byId.get('r-demo-e2')).toBe('E.2')
    expect(byId.get('r-demo-x1')).toBe('Annex 1')
  })

  it('[M5] numbers are derived from position: inserting a paragraph renumbers those after it', () => {
    const before = doc(title(), topic('t1', [rec('r1'), rec('r2')]), topic('t2', [rec('r3')]), annex())
    const after = doc(title(), topic('t0'), topic('t1', [rec('new'), rec('r1'), rec('r2')]), topic('t2', [rec('r3')]), annex())
    const label = (d: typeof before, id: string): string | undefined => numberDocument(d).find((n) => n.node.attrs.id === id)?.label
    expect([label(before, 'r1'), label(before, 'r2'), label(before, 'r3')]).toEqual(['A.1', 'A.2', 'B.1'])
    expect([label(after, 'new'), label(after, 'r1'), label(after, 'r2'), label(after, 'r3')]).toEqual(['B.1', 'B.2', 'B.3', 'C.1'])
  })

  it('[M5] no number is stored in the document: nodes have no number attribute', () => {
    const content = demoContent()
    content.descendants((node) => {
      expect(Object.keys(node.attrs)).not.toContain('number')
      expect(Object.keys(node.attrs)).not.toContain('label')
      return true
    })
  })
})

import { describe, expect, it } from 'vitest'
import { EditorState, NodeSelection, TextSelection, type Transaction } from 'prosemirror-state'
import { splitBlock } from 'prosemirror-commands'
import type { Node as PMNode } from 'prosemirror-model'
import { schema } from '../../shared/schema.ts'
import { findIdConflicts, fixDuplicateIds, newId, uniqueIdsPlugin } from '../../shared/ids.ts'
import { demoContent } from '../../server/demo/demoDocument.ts'
import { annex, bracket, doc, findById, idsOf, rec, title, topic } from '../helpers/docBuilders.ts'

const stateOf = (content: PMNode): EditorState => EditorState.create({ schema, doc: content, plugins: [uniqueIdsPlugin()] })

/** Every id is present and unique (SPEC M3). */
function expectUniqueIds(content: PMNode): void {
  const ids = idsOf(content)
  expect(ids).not.toContain(null)
  expect(new Set(ids).size).toBe(ids.length)
  expect(findIdConflicts(content)).toEqual([])
}

/** Text position inside the recommendation with `id`, `offset` characters into its content. */
const inside = (state: EditorState, id: string, offset: number): number => findById(state.doc, id).pos + 1 + offset

describe('newId', () => {
  it('[M3] makes prefixed ids of 10 base-36 characters that do not repeat', () => {
    const ids = Array.from({ length: 2000 }, () => newId('r'))
    for (const id of ids) expect(id).toMatch(/^r-[0-9a-z]{10}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('findIdConflicts', () => {
  it('[M3] reports the later of two nodes sharing an id, and nodes without an id', () => {
    const content = doc(title(), topic('t1', [rec('r1', ['a']), rec('r1', ['b']), rec(null, ['c'])]), annex([rec('t1')]))
    const conflicts = findIdConflicts(content)
    expect(conflicts.map((c) => c.node.textContent)).toEqual(['b', 'c', ''])
    for (const { pos, node } of conflicts) expect(content.nodeAt(pos)).toBe(node)
  })

  it('[M3] sees ids of nested brackets and of alternatives', () => {
    const content = doc(title(), topic('t1', [rec('r1', [bracket('b1', ['x', bracket('b1', ['y'])])])]), annex())
    expect(findIdConflicts(content).map((c) => c.node.textContent)).toEqual(['y'])
  })
})

describe('uniqueIdsPlugin', () => {
  it('[M4] splitting a recommendation in the middle gives the second half a new id; the first keeps its id', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['Hello world'], ['Kenya'])]), annex()))
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, inside(state, 'r1', 5))))
    expect(splitBlock(state, (tr: Transaction) => (state = state.apply(tr)))).toBe(true)

    const recs = state.doc.child(1)
    expect(recs.childCount).toBe(3) // heading and two halves
    expect(recs.child(1).attrs.id).toBe('r1')
    expect(recs.child(1).textContent).toBe('Hello')
    expect(recs.child(2).textContent).toBe(' world')
    expect(recs.child(2).attrs.id).toMatch(/^r-[0-9a-z]{10}$/)
    expectUniqueIds(state.doc)
  })

  it('[M4] splitting at the end of a recommendation gives the new, id-less paragraph an id', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['Hello'])]), annex()))
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, inside(state, 'r1', 5))))
    expect(splitBlock(state, (tr: Transaction) => (state = state.apply(tr)))).toBe(true)
    expect(state.doc.child(1).childCount).toBe(3)
    expect(state.doc.child(1).child(1).attrs.id).toBe('r1')
    expectUniqueIds(state.doc)
  })

  it('[M4] splitting a recommendation inside a bracket renames the copied bracket too', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['a ', bracket('b1', ['one two'])])]), annex()))
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, inside(state, 'r1', 2 + 1 + 3))))
    splitBlock(state, (tr: Transaction) => (state = state.apply(tr)))
    expect(idsOf(state.doc).filter((id) => id?.startsWith('b'))).toHaveLength(2)
    expect(findById(state.doc, 'b1').node.textContent).toBe('one')
    expectUniqueIds(state.doc)
  })

  it('[M4] pasting a copy of an existing recommendation (with nested brackets) renames the copy', () => {
    let state = stateOf(demoContent())
    const original = findById(state.doc, 'r-demo-b2')
    const slice = state.doc.slice(original.pos, original.pos + original.node.nodeSize)
    const target = findById(state.doc, 'r-demo-b3')
    const at = target.pos + target.node.nodeSize - 1 // end of B.3's text
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)))
    state = state.apply(state.tr.replaceSelection(slice))

    const copies: PMNode[] = []
    state.doc.descendants((node) => {
      if (node.type.name === 'recommendation' && node.textContent === original.node.textContent) copies.push(node)
      return node.type.name !== 'recommendation'
    })
    expect(copies).toHaveLength(2)
    expect(copies[0]!.attrs.id).toBe('r-demo-b2')
    expect(copies[1]!.attrs.id).not.toBe('r-demo-b2')
    // The original's brackets keep their ids; the pasted ones are new.
    expect(findById(state.doc, 'b-demo-b2').pos).toBeLessThan(findById(state.doc, copies[1]!.attrs.id as string).pos)
    expectUniqueIds(state.doc)
    expect(idsOf(state.doc).length).toBe(idsOf(demoContent()).length + 3)
  })

  it('[M4] pasting over a node selection keeps ids unique', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['one']), rec('r2', ['two'])]), annex()))
    const r1 = findById(state.doc, 'r1')
    const slice = state.doc.slice(r1.pos, r1.pos + r1.node.nodeSize)
    state = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, findById(state.doc, 'r2').pos)))
    state = state.apply(state.tr.replaceSelection(slice))
    expect(state.doc.child(1).child(1).attrs.id).toBe('r1')
    expect(state.doc.child(1).child(2).textContent).toBe('one')
    expectUniqueIds(state.doc)
  })

  it('[M4] duplicating a recommendation renames the later copy, the first keeps its id', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['one', bracket('b1', ['x'])]), rec('r2', ['two'])]), annex()))
    const r1 = findById(state.doc, 'r1')
    state = state.apply(state.tr.insert(r1.pos + r1.node.nodeSize, r1.node.copy(r1.node.content)))
    const t = state.doc.child(1)
    expect(t.child(1).attrs.id).toBe('r1')
    expect(t.child(2).attrs.id).not.toBe('r1')
    expect(t.child(2).textContent).toBe('onex')
    expect(t.child(3).attrs.id).toBe('r2')
    expectUniqueIds(state.doc)
  })

  it('[M4] a copy pasted before the original is renamed; the original keeps its id (and so its status)', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['orig'])]), annex()))
    const t1 = findById(state.doc, 't1')
    state = state.apply(state.tr.insert(t1.pos + 1 + t1.node.child(0).nodeSize, rec('r1', ['copy'])))
    expect(state.doc.child(1).child(1).textContent).toBe('copy')
    expect(state.doc.child(1).child(1).attrs.id).not.toBe('r1')
    expect(state.doc.child(1).child(2).textContent).toBe('orig')
    expect(state.doc.child(1).child(2).attrs.id).toBe('r1')
    expectUniqueIds(state.doc)
  })

  it('[M4] two duplicates created in one transaction get two different new ids', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['one'])]), annex()))
    const end = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize - 1
    state = state.apply(state.tr.insert(end, [rec('r1', ['a']), rec('r1', ['b']), rec(null, ['c'])]))
    expect(state.doc.child(1).childCount).toBe(5)
    expectUniqueIds(state.doc)
  })

  it('[M4] leaves a transaction without conflicts alone, and keeps its own fix out of the undo history', () => {
    let state = stateOf(doc(title(), topic('t1', [rec('r1', ['one'])]), annex()))
    const plain = state.applyTransaction(state.tr.insertText('!', inside(state, 'r1', 3)))
    expect(plain.transactions).toHaveLength(1)
    state = plain.state
    const r1 = findById(state.doc, 'r1')
    const dup = state.applyTransaction(state.tr.insert(r1.pos + r1.node.nodeSize, r1.node.copy(r1.node.content)))
    expect(dup.transactions).toHaveLength(2)
    expect(dup.transactions[1]!.getMeta('addToHistory')).toBe(false)
  })

  it('[M4] fixDuplicateIds reports whether it changed anything', () => {
    const state = EditorState.create({ schema, doc: doc(title(), topic('t1', [rec('r1'), rec('r1')]), annex()) })
    const tr = state.tr
    expect(fixDuplicateIds(tr)).toBe(true)
    expectUniqueIds(tr.doc)
    expect(fixDuplicateIds(state.apply(tr).tr)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { schema, SCHEMA_VERSION } from '../../shared/schema.ts'
import { ROOT_TYPES, consensusOf, isCompatible, metaOf, schemaVersionOf, textOf } from '../../shared/ydoc.ts'
import { blankDocument, initialState } from '../../server/documents/initialState.ts'
import { demoConsensus, demoContent } from '../../server/demo/demoDocument.ts'
import { annex, doc, rec, title, topic } from '../helpers/docBuilders.ts'

function load(update: Uint8Array): Y.Doc {
  const ydoc = new Y.Doc()
  Y.applyUpdate(ydoc, update)
  return ydoc
}

describe('the Y.Doc layout', () => {
  it('[Y1] a seeded document uses only the document\'s root types (reservations and comments appear with the first one)', () => {
    const ydoc = load(initialState(demoContent(), demoConsensus()))
    expect([...ydoc.share.keys()].sort()).toEqual(ROOT_TYPES.filter((r) => r !== 'reservations' && r !== 'comments').sort())
    expect(consensusOf(ydoc).get('r-demo-b1')?.status).toBe('agreed')
  })

  it('[Y2] the initial state holds the content, which reads back as the same ProseMirror document', () => {
    const content = demoContent()
    const ydoc = load(initialState(content))
    const back = yXmlFragmentToProseMirrorRootNode(textOf(ydoc), schema)
    expect(back.eq(content)).toBe(true)
  })

  it('[Y2] a blank document is valid: its title, one topic with an id, the annex', () => {
    const blank = blankDocument('Second reading')
    expect(() => blank.check()).not.toThrow()
    expect(blank.child(0).textContent).toBe('Second reading')
    expect(blank.child(1).attrs.id).toMatch(/^t-[0-9a-z]{10}$/)
    expect(blankDocument('x').child(1).attrs.id).not.toBe(blank.child(1).attrs.id)
  })

  it('[Y2] initial content that breaks the schema or repeats an id is refused', () => {
    expect(() => initialState(doc(title(), topic('t1')))).toThrow(RangeError)
    expect(() => initialState(doc(title(), topic('t1', [rec('r1'), rec('r1')]), annex()))).toThrow(/duplicate ids/)
    expect(() => initialState(doc(title(), topic(null), annex()))).toThrow(/missing or duplicate ids/)
  })

  it('[Y3] the document records its schema version; another version is incompatible', () => {
    const ydoc = load(initialState(blankDocument('x')))
    expect(schemaVersionOf(ydoc)).toBe(SCHEMA_VERSION)
    expect(isCompatible(ydoc)).toBe(true)
    expect(isCompatible(new Y.Doc())).toBe(true) // not yet synced: nothing to compare
    metaOf(ydoc).set('schemaVersion', SCHEMA_VERSION + 1)
    expect(isCompatible(ydoc)).toBe(false)
    metaOf(ydoc).set('schemaVersion', 'one')
    expect(schemaVersionOf(ydoc)).toBeNull()
  })
})

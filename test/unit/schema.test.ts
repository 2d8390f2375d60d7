import { describe, expect, it } from 'vitest'
import type { Node as PMNode } from 'prosemirror-model'
import { schema, ID_NODE_TYPES } from '../../shared/schema.ts'
import { demoContent } from '../../server/demo/demoDocument.ts'
import { findIdConflicts } from '../../shared/ids.ts'
import { alternatives, annex, bracket, doc, heading, option, rec, title, topic } from '../helpers/docBuilders.ts'

const valid = (node: PMNode): void => expect(() => node.check()).not.toThrow()
const invalid = (node: PMNode): void => expect(() => node.check()).toThrow(RangeError)

describe('document structure', () => {
  it('[M1] a title, one or more topics, then the annex is valid', () => {
    valid(doc(title(), topic('t1'), annex()))
    valid(doc(title(), topic('t1', [rec('r1', ['x'])]), topic('t2'), annex([rec('r2', ['y'])])))
    valid(demoContent())
  })

  it('[M1] a document without the annex is invalid', () => {
    invalid(doc(title(), topic('t1')))
  })

  it('[M1] a document without a topic, without a title, or out of order is invalid', () => {
    invalid(doc(title(), annex()))
    invalid(doc(topic('t1'), annex()))
    invalid(doc(title(), annex(), topic('t1')))
    invalid(doc(topic('t1'), title(), annex()))
    invalid(doc(title(), topic('t1'), annex(), annex()))
    invalid(doc(title(), title(), topic('t1'), annex()))
  })

  it('[M2] a topic is a heading followed by zero or more recommendations', () => {
    valid(doc(title(), topic('t1', []), annex()))
    valid(doc(title(), topic('t1', [rec('r1'), rec('r2'), rec('r3')]), annex()))
    invalid(doc(title(), schema.nodes.topic.create({ id: 't1' }, [rec('r1')]), annex())) // no heading
    invalid(doc(title(), schema.nodes.topic.create({ id: 't1' }, [heading(), rec('r1'), heading()]), annex()))
    invalid(doc(title(), schema.nodes.topic.create({ id: 't1' }, [heading(), heading()]), annex()))
  })

  it('[M2] the annex holds only recommendations', () => {
    valid(doc(title(), topic('t1'), annex([rec('r1'), rec('r2')])))
    invalid(doc(title(), topic('t1'), schema.nodes.annex.create(null, [heading()])))
    invalid(doc(title(), topic('t1'), schema.nodes.annex.create(null, [topic('t2')])))
  })

  it('[M2] text may not sit directly in a topic or the annex', () => {
    invalid(doc(title(), schema.nodes.topic.create({ id: 't1' }, [heading(), schema.text('loose')]), annex()))
    invalid(doc(title(), topic('t1'), schema.nodes.annex.create(null, [schema.text('loose')])))
  })
})

describe('recommendations, brackets and alternatives', () => {
  it('[M6] a recommendation carries its sponsors, none by default', () => {
    expect(rec('r1', ['x'], ['Kenya', 'Japan']).attrs.sponsors).toEqual(['Kenya', 'Japan'])
    expect(schema.nodes.recommendation.create({ id: 'r2' }).attrs.sponsors).toEqual([])
  })

  it('[M7] brackets nest: a bracket holds inline content including other brackets', () => {
    const nested = bracket('b1', ['consult ', bracket('b2', ['and ', bracket('b3', ['deeply'])]), ' stakeholders'])
    valid(doc(title(), topic('t1', [rec('r1', ['Governments should ', nested, '.'])]), annex()))
    expect(nested.child(1).type.name).toBe('bracket')
    expect(nested.child(1).child(1).type.name).toBe('bracket')
  })

  it('[M7] a bracket may carry sponsors and a delete note', () => {
    const b = bracket('b1', ['free of charge'], ['Kenya'], 'delete')
    valid(doc(title(), topic('t1', [rec('r1', ['x ', b])]), annex()))
    expect(b.attrs).toEqual({ id: 'b1', sponsors: ['Kenya'], note: 'delete' })
    expect(bracket('b2', ['x']).attrs.note).toBeNull()
  })

  it('[M7] a bracket is inline: it may not stand as a block in a topic', () => {
    invalid(doc(title(), schema.nodes.topic.create({ id: 't1' }, [heading(), bracket('b1', ['x'])]), annex()))
  })

  it('[M8] alternatives are a group of options, each with inline content and sponsors', () => {
    const alts = alternatives('a1', [option(['shall'], ['G77']), option(['should', bracket('b1', ['not'])], ['EU'])])
    valid(doc(title(), topic('t1', [rec('r1', ['States ', alts, ' act.'])]), annex()))
    expect(alts.child(0).attrs.sponsors).toEqual(['G77'])
    expect(alts.attrs.form).toBe('inline')
    const para = alternatives('a2', [option(['Option one text']), option(['Option two text'])], 'paragraph')
    valid(doc(title(), topic('t1', [rec('r1', [para])]), annex()))
    expect(para.attrs.form).toBe('paragraph')
  })

  it('[M8] alternatives hold options only, and at least one', () => {
    invalid(doc(title(), topic('t1', [rec('r1', [schema.nodes.alternatives.create({ id: 'a1' }, [schema.text('shall')])])]), annex()))
    invalid(doc(title(), topic('t1', [rec('r1', [schema.nodes.alternatives.create({ id: 'a1' }, [])])]), annex()))
    // An option outside alternatives is not part of the inline group.
    invalid(doc(title(), topic('t1', [rec('r1', [option(['shall'])])]), annex()))
  })

  it('[M9] brackets, delete notes and alternatives render with their classes and sponsors', () => {
    const spec = (node: PMNode): unknown => (node.type.spec.toDOM as (n: PMNode) => unknown)(node)
    expect(spec(bracket('b1', ['x'], ['Kenya'], 'delete'))).toMatchObject([
      'span',
      { class: 'bracket bracket-delete', 'data-id': 'b1', 'data-sponsors': 'Kenya', 'data-note': 'delete', title: 'Proposed deletion · Proposed by Kenya' },
      0,
    ])
    expect(spec(bracket('b2', ['x']))).toMatchObject(['span', { class: 'bracket', 'data-id': 'b2' }, 0])
    expect(spec(alternatives('a1', [option(['x'])], 'paragraph'))).toMatchObject([
      'span',
      { class: 'alternatives alternatives-paragraph', 'data-id': 'a1', 'data-form': 'paragraph' },
      0,
    ])
  })
})

describe('ids in the schema', () => {
  it('[M3] exactly the node types with an id attribute are id-carrying', () => {
    const withId = Object.values(schema.nodes)
      .filter((type) => type.spec.attrs && 'id' in type.spec.attrs)
      .map((type) => type.name)
      .sort()
    expect(withId).toEqual([...ID_NODE_TYPES].sort())
    expect(withId).toEqual(['alternatives', 'bracket', 'recommendation', 'topic'])
  })

  it('[M3] the demo document has unique ids on every topic, recommendation, bracket and group', () => {
    expect(findIdConflicts(demoContent())).toEqual([])
  })
})

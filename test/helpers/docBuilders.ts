/**
 * Small builders for ProseMirror documents in the Accord schema, for unit tests. They build
 * without checking content, so tests can make invalid documents: call `.check()` to validate.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { schema, ID_NODE_TYPES } from '../../shared/schema.ts'

export type Inline = string | PMNode

export const text = (s: string): PMNode => schema.text(s)
const inline = (parts: Inline[]): PMNode[] => parts.map((p) => (typeof p === 'string' ? text(p) : p))

export const title = (s = 'Title'): PMNode => schema.nodes.title.create(null, s ? [text(s)] : [])
export const heading = (s = 'Heading'): PMNode => schema.nodes.topicHeading.create(null, s ? [text(s)] : [])
export const rec = (id: string | null, parts: Inline[] = [], sponsors: string[] = []): PMNode =>
  schema.nodes.recommendation.create({ id, sponsors }, inline(parts))
export const bracket = (id: string | null, parts: Inline[], sponsors: string[] = [], note: 'delete' | null = null): PMNode =>
  schema.nodes.bracket.create({ id, sponsors, note }, inline(parts))
export const option = (parts: Inline[], sponsors: string[] = []): PMNode => schema.nodes.option.create({ sponsors }, inline(parts))
export const alternatives = (id: string | null, options: PMNode[], form: 'inline' | 'paragraph' = 'inline'): PMNode =>
  schema.nodes.alternatives.create({ id, form }, options)
export const topic = (id: string | null, recs: PMNode[] = [], head: PMNode = heading()): PMNode =>
  schema.nodes.topic.create({ id }, [head, ...recs])
export const annex = (recs: PMNode[] = []): PMNode => schema.nodes.annex.create(null, recs)
/** Builds a doc without checking it: call `.check()` to validate. */
export const doc = (...children: PMNode[]): PMNode => schema.nodes.doc.create(null, children)

/** Every id of an id-carrying node, in document order (null for a node without one). */
export function idsOf(node: PMNode): (string | null)[] {
  const out: (string | null)[] = []
  node.descendants((child) => {
    if (ID_NODE_TYPES.has(child.type.name)) out.push(child.attrs.id as string | null)
    return true
  })
  return out
}

/** Position (before the node) and node of the id-carrying node with `id`; throws if absent. */
export function findById(node: PMNode, id: string): { pos: number; node: PMNode } {
  let found: { pos: number; node: PMNode } | null = null
  node.descendants((child, pos) => {
    if (found) return false
    if (child.attrs.id === id) found = { pos, node: child }
    return true
  })
  if (!found) throw new Error(`no node with id ${id}`)
  return found
}

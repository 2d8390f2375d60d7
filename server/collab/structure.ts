/**
 * The shape of the text tree, for the guard (SPEC R11). Per item: which element names may stand
 * inside which, and where text may stand (cheap, with precise reasons). Per transaction
 * (`treeProblem`): every element the update touched, as it stands afterwards, against the schema's
 * full content expressions (order, required children, marks), so that no accepted update leaves a
 * tree an honest editor would "repair": y-prosemirror repairs by deleting the node, and a repair
 * that reaches a locked paragraph or someone's bracket would be refused on every reconnect.
 */
import * as Y from 'yjs'
import type { ContentMatch, NodeType } from 'prosemirror-model'
import { schema } from '../../shared/schema.ts'
import { shapeProblem } from '../../shared/readText.ts'
import { ROOT_TEXT } from '../../shared/ydoc.ts'
import { forEachInserted } from '../../shared/editFootprint.ts'

/** Element name -> the element names that may stand directly inside it ('#text' for text). */
const CHILDREN: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>()
  for (const type of Object.values(schema.nodes) as NodeType[]) {
    if (type.isText) continue
    map.set(type.name, childrenOf(type.contentMatch))
  }
  return map
})()

/** The root fragment holds what `doc` holds. */
export const ROOT = 'doc'

/** Root children that must never be removed. */
export const REQUIRED_AT_ROOT: ReadonlySet<string> = new Set(['title', 'annex'])

function childrenOf(start: ContentMatch): Set<string> {
  const names = new Set<string>()
  const seen = new Set<ContentMatch>()
  const queue = [start]
  while (queue.length) {
    const match = queue.pop()!
    if (seen.has(match)) continue
    seen.add(match)
    for (let i = 0; i < match.edgeCount; i++) {
      const { type, next } = match.edge(i)
      names.add(type.isText ? '#text' : type.name)
      // Inline groups: text inside a textblock is written as XmlText holding inline nodes too.
      queue.push(next)
    }
  }
  return names
}

/** True when an element named `child` (or '#text') may stand directly inside `parent`. */
export function mayContain(parent: string, child: string): boolean {
  return CHILDREN.get(parent)?.has(child) ?? false
}

/** True when the schema knows an element of this name (the doc itself is not an element). */
export function isKnownElement(name: string): boolean {
  return name !== ROOT && name !== 'text' && CHILDREN.has(name)
}

/**
 * Why the tree that transaction `tr` left would not fit the schema, or null. Checks each element
 * (and the root) whose children or attributes `tr` changed, still standing in the text, reading
 * whole every subtree `tr` inserted into them. Typing changes no element's children, so a text
 * run that only changed is checked for what can break there, the marks `tr` added, without
 * reading its text: a keystroke costs the same in a long paragraph as in a short one.
 */
export function treeProblem(tr: Y.Transaction): string | null {
  const isNew = (el: Y.XmlElement): boolean => {
    const item = el._item
    return item !== null && item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)
  }
  let marks: Map<Y.XmlText, Set<string>> | null = null
  const checked = new Set<Y.AbstractType<any>>()
  for (const changed of tr.changed.keys()) {
    if (changed instanceof Y.XmlText) {
      marks ??= marksAdded(tr)
      const added = marks.get(changed)
      const parent = changed.parent
      if (!added || !(parent instanceof Y.XmlElement) || !standsInText(changed)) continue
      const type = schema.nodes[parent.nodeName]
      for (const key of added) {
        const mark = schema.marks[key]
        if (type && mark && !type.allowsMarkType(mark)) return shapeProblem(parent, isNew) ?? `"${parent.nodeName}" takes no mark "${key}"`
      }
      continue
    }
    if (!(changed instanceof Y.XmlFragment) || checked.has(changed)) continue
    checked.add(changed)
    if (!standsInText(changed)) continue
    const problem = shapeProblem(changed, isNew)
    if (problem) return problem
  }
  return null
}

/** The marks each text run received in `tr` (formatting items that set a value, not those removing one). */
function marksAdded(tr: Y.Transaction): Map<Y.XmlText, Set<string>> {
  const out = new Map<Y.XmlText, Set<string>>()
  forEachInserted(tr, (item) => {
    if (!(item.content instanceof Y.ContentFormat) || item.content.value === null || !(item.parent instanceof Y.XmlText)) return
    const keys = out.get(item.parent) ?? new Set<string>()
    keys.add(item.content.key)
    out.set(item.parent, keys)
  })
  return out
}

/** Whether a type is part of the live text: neither it nor any ancestor deleted, under the text root. */
function standsInText(type: Y.AbstractType<any>): boolean {
  let current: Y.AbstractType<any> = type
  while (current._item) {
    if (current._item.deleted) return false
    const parent = current._item.parent
    if (!(parent instanceof Y.AbstractType)) return false
    current = parent
  }
  return current.doc?.share.get(ROOT_TEXT) === current
}

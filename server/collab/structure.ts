/**
 * The shape of the text tree, derived once from the ProseMirror schema, for the guard (SPEC R11):
 * which element names may stand inside which, and where text may stand. A client that writes an
 * element the schema does not know, puts one where the schema does not allow it, or removes the
 * title or the annex, is refused: honest editors would "repair" such a tree, and a repair that
 * reaches a locked paragraph would be refused on every reconnect.
 */
import type { ContentMatch, NodeType } from 'prosemirror-model'
import { schema } from '../../shared/schema.ts'

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

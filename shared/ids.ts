/**
 * Stable unique ids for topics, recommendations and bracket groups (SPEC M3, M4).
 *
 * Ids are assigned when a node is born and never change, except that a duplicate (from a split,
 * a paste or a duplication) is renamed: the first occurrence in document order keeps the id.
 * `fixDuplicateIds` is the one place this rule lives; the client runs it from an
 * appendTransaction plugin so every local edit leaves the document with unique ids.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, type Transaction, type EditorState } from 'prosemirror-state'
import { ID_NODE_TYPES } from './schema.ts'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** A fresh random id such as `r-k3j9x0q2ma`: 10 base-36 characters (~51 bits) behind a prefix. */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(10)
  globalThis.crypto.getRandomValues(bytes)
  let out = `${prefix}-`
  for (const b of bytes) out += ALPHABET[b % 36]
  return out
}

const PREFIX: Record<string, string> = { topic: 't', recommendation: 'r', bracket: 'b', alternatives: 'a' }

/** Positions of id-carrying nodes whose id is missing or already used earlier in the document. */
export function findIdConflicts(doc: PMNode): { pos: number; node: PMNode }[] {
  const seen = new Set<string>()
  const conflicts: { pos: number; node: PMNode }[] = []
  doc.descendants((node, pos) => {
    if (!ID_NODE_TYPES.has(node.type.name)) return true
    const id = node.attrs.id as string | null
    if (!id || seen.has(id)) conflicts.push({ pos, node })
    else seen.add(id)
    return true
  })
  return conflicts
}

/**
 * Gives every conflicting node a new id in `tr`. Returns true when it changed anything.
 * Guarantee: afterwards no two id-carrying nodes share an id and none is null.
 */
export function fixDuplicateIds(tr: Transaction): boolean {
  const conflicts = findIdConflicts(tr.doc)
  for (const { pos, node } of conflicts) {
    tr.setNodeAttribute(pos, 'id', newId(PREFIX[node.type.name] ?? 'x'))
  }
  return conflicts.length > 0
}

/** Keeps ids unique after every local transaction that changed the document. */
export function uniqueIdsPlugin(): Plugin {
  return new Plugin({
    appendTransaction(transactions: readonly Transaction[], _old: EditorState, state: EditorState) {
      if (!transactions.some((tr) => tr.docChanged)) return null
      const tr = state.tr
      return fixDuplicateIds(tr) ? tr.setMeta('addToHistory', false) : null
    },
  })
}

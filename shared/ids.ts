/**
 * Stable unique ids for topics, recommendations and bracket groups (SPEC M3, M4).
 *
 * Ids are assigned when a node is born and never change, except that a duplicate (from a split,
 * a paste or a duplication) is renamed: the node that existed before the edit keeps its id (so a
 * pasted copy of an agreed paragraph never renames the original), and when that cannot be told,
 * the first occurrence in document order keeps it.
 * `fixDuplicateIds` is the one place this rule lives; the client runs it from an
 * appendTransaction plugin so every local edit leaves the document with unique ids.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, type Transaction, type EditorState } from 'prosemirror-state'
import { Mapping } from 'prosemirror-transform'
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

/**
 * Positions of id-carrying nodes whose id is missing or used by another node. `keep(id)` names the
 * position of the occurrence that keeps a duplicated id (the node that existed before the edit);
 * without it, or when it names no occurrence, the first in document order keeps it.
 */
export function findIdConflicts(doc: PMNode, keep?: (id: string) => number | undefined): { pos: number; node: PMNode }[] {
  const byId = new Map<string, { pos: number; node: PMNode }[]>()
  const conflicts: { pos: number; node: PMNode }[] = []
  doc.descendants((node, pos) => {
    if (!ID_NODE_TYPES.has(node.type.name)) return true
    const id = node.attrs.id as string | null
    if (!id) conflicts.push({ pos, node })
    else byId.set(id, [...(byId.get(id) ?? []), { pos, node }])
    return true
  })
  for (const [id, occurrences] of byId) {
    if (occurrences.length < 2) continue
    const keeperPos = keep?.(id)
    const keeper = occurrences.find((o) => o.pos === keeperPos) ?? occurrences[0]!
    conflicts.push(...occurrences.filter((o) => o !== keeper))
  }
  return conflicts.sort((a, b) => a.pos - b.pos)
}

/**
 * Gives every conflicting node a new id in `tr`. Returns true when it changed anything.
 * Guarantee: afterwards no two id-carrying nodes share an id and none is null.
 */
export function fixDuplicateIds(tr: Transaction, keep?: (id: string) => number | undefined): boolean {
  const conflicts = findIdConflicts(tr.doc, keep)
  for (const { pos, node } of conflicts) {
    tr.setNodeAttribute(pos, 'id', newId(PREFIX[node.type.name] ?? 'x'))
  }
  return conflicts.length > 0
}

export interface UniqueIdsOptions {
  /**
   * Tells a change that came from elsewhere (a collaborator, through the binding). Such a change
   * can bring duplicates too (two people splitting or joining the same paragraph at once), but a
   * fix appended to it would never reach the shared document: y-prosemirror writes local changes
   * under a mutex that a remote change holds. Those are fixed in a transaction of their own, right
   * after.
   */
  isRemote?: (tr: Transaction) => boolean
}

/**
 * Keeps ids unique (SPEC M4): local edits get their fix appended in the same dispatch; duplicates
 * brought by a remote change are fixed by a local transaction dispatched just after it.
 */
export function uniqueIdsPlugin(options: UniqueIdsOptions = {}): Plugin {
  const isRemote = options.isRemote ?? (() => false)
  return new Plugin({
    appendTransaction(transactions: readonly Transaction[], old: EditorState, state: EditorState) {
      if (!transactions.some((tr) => tr.docChanged)) return null
      if (transactions.some(isRemote)) return null
      // Where each id stood before these transactions, mapped to where that node stands now.
      const mapping = new Mapping()
      for (const t of transactions) mapping.appendMapping(t.mapping)
      const before = new Map<string, number>()
      old.doc.descendants((node, pos) => {
        if (ID_NODE_TYPES.has(node.type.name) && node.attrs.id && !before.has(node.attrs.id as string)) {
          before.set(node.attrs.id as string, mapping.map(pos, 1))
        }
        return true
      })
      const tr = state.tr
      return fixDuplicateIds(tr, (id) => before.get(id)) ? tr.setMeta('addToHistory', false) : null
    },
    view() {
      let scheduled = false
      return {
        update(view, prev) {
          if (scheduled || view.state.doc === prev.doc || findIdConflicts(view.state.doc).length === 0) return
          scheduled = true
          setTimeout(() => {
            scheduled = false
            if ((view as { isDestroyed?: boolean }).isDestroyed) return
            const tr = view.state.tr
            if (fixDuplicateIds(tr)) view.dispatch(tr.setMeta('addToHistory', false))
          }, 0)
        },
      }
    },
  })
}

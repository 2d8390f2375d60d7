/**
 * Prevents forbidden edits before they happen (SPEC R1, R4): an observer's editor is read-only,
 * and no local transaction may touch a locked (agreed or ad-ref) paragraph. Remote changes
 * (y-prosemirror's own transactions) always pass, so the lock never hides what others did.
 */
import { Plugin, type Transaction, type EditorState } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import type { ConsensusLookup } from './paragraphDecorations.ts'
import { isLocked } from '../../../shared/consensus.ts'

/** Ranges [from, to] of locked recommendations in `state.doc` (positions around the node). */
export function lockedRanges(state: EditorState, lookup: ConsensusLookup): [number, number][] {
  const ranges: [number, number][] = []
  state.doc.descendants((node, pos) => {
    if (node.type.name === 'recommendation') {
      if (isLocked(lookup(node.attrs.id as string))) ranges.push([pos, pos + node.nodeSize])
      return false
    }
    return true
  })
  return ranges
}

/** True when `tr` changes content inside, or removes, a locked paragraph of `state`. */
export function touchesLocked(tr: Transaction, state: EditorState, lookup: ConsensusLookup): boolean {
  if (!tr.docChanged) return false
  const ranges = lockedRanges(state, lookup)
  if (ranges.length === 0) return false
  let touched = false
  tr.steps.forEach((step, i) => {
    if (touched) return
    // Locked ranges as they stand before this step.
    const before = tr.mapping.slice(0, i)
    const here = ranges.map(([from, to]): [number, number] => [before.map(from, 1), before.map(to, -1)])
    step.getMap().forEach((oldStart, oldEnd) => {
      for (const [from, to] of here) {
        // Strictly inside the paragraph, or overlapping its boundary (removal, merge, split).
        if (oldEnd > from && oldStart < to) touched = true
        if (oldStart === oldEnd && oldStart > from && oldStart < to) touched = true
      }
    })
    const stepJson = step.toJSON() as { stepType?: string; pos?: number }
    if (stepJson.stepType === 'attr' && typeof stepJson.pos === 'number') {
      for (const [from, to] of here) if (stepJson.pos >= from && stepJson.pos < to) touched = true
    }
  })
  return touched
}

export function lockPlugin(lookup: ConsensusLookup, onBlocked: () => void): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (tr.getMeta(ySyncPluginKey)) return true // remote or restored: always let it in
      if (touchesLocked(tr, state, lookup)) {
        onBlocked()
        return false
      }
      return true
    },
  })
}

/**
 * Prevents forbidden edits before they happen (SPEC R1, R4, R14): no local transaction may touch a
 * locked (agreed, ad-ref or annex) paragraph, nor, for members, the title. Remote changes
 * (y-prosemirror's own transactions) always pass, so the lock never hides what others did.
 *
 * Typing is stopped before the browser changes the page (`beforeinput`), not only when
 * ProseMirror reads the change back: a refused read leaves ProseMirror redrawing the paragraph
 * under the browser's caret, and Chromium then put the caret at the start of the document, so the
 * next keys landed in the title (issue 8). Edits ProseMirror makes itself (Enter, paste, the
 * toolbar) are still caught by `filterTransaction`.
 */
import { Plugin, type Transaction, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type { ConsensusLookup } from './paragraphDecorations.ts'
import { STATUS_LABEL, isLocked } from '../../../shared/consensus.ts'
import { numberDocument } from '../../../shared/numbering.ts'

/** A part of the document the person may not change: [from, to] around the node. */
export interface LockedRange {
  from: number
  to: number
  /** How people name it: `B.1`, `Annex 1`, `the title`. */
  label: string
  /** Why it is locked, as the notice says it. */
  why: string
}

/** The locked paragraphs of `state.doc` (and the title when the person may not edit it). */
export function lockedRanges(state: EditorState, lookup: ConsensusLookup, mayEditTitle: boolean): LockedRange[] {
  const ranges: LockedRange[] = []
  const title = state.doc.firstChild
  if (!mayEditTitle && title?.type.name === 'title') {
    ranges.push({ from: 0, to: title.nodeSize, label: 'the title', why: 'The title is kept by the chair and the secretariat.' })
  }
  for (const { pos, node, label } of numberDocument(state.doc)) {
    if (node.type.name !== 'recommendation') continue
    const entry = lookup(node.attrs.id as string)
    if (!isLocked(entry)) continue
    const why =
      entry!.status === 'annex'
        ? `${label} is in the annex and locked: only the chair can restore it.`
        : `${label} is ${STATUS_LABEL[entry!.status].toLowerCase()} and locked: only the chair can reopen it.`
    ranges.push({ from: pos, to: pos + node.nodeSize, label, why })
  }
  return ranges
}

/** The locked range `tr` changes content inside, or removes, in `state`; null when none. */
export function touchesLocked(tr: Transaction, state: EditorState, lookup: ConsensusLookup, mayEditTitle = true): LockedRange | null {
  if (!tr.docChanged) return null
  const ranges = lockedRanges(state, lookup, mayEditTitle)
  if (ranges.length === 0) return null
  let touched: LockedRange | null = null
  tr.steps.forEach((step, i) => {
    if (touched) return
    // Locked ranges as they stand before this step.
    const before = tr.mapping.slice(0, i)
    const here = ranges.map((r) => ({ range: r, from: before.map(r.from, 1), to: before.map(r.to, -1) }))
    step.getMap().forEach((oldStart, oldEnd) => {
      for (const { range, from, to } of here) {
        // Strictly inside the paragraph, or overlapping its boundary (removal, merge, split).
        if (oldEnd > from && oldStart < to) touched ??= range
        if (oldStart === oldEnd && oldStart > from && oldStart < to) touched ??= range
      }
    })
    const stepJson = step.toJSON() as { stepType?: string; pos?: number }
    if (stepJson.stepType === 'attr' && typeof stepJson.pos === 'number') {
      for (const { range, from, to } of here) if (stepJson.pos >= from && stepJson.pos < to) touched ??= range
    }
  })
  return touched
}

/** What a `beforeinput` of this type would do to the document, as a transaction, or null. */
function intendedEdit(view: EditorView, event: InputEvent): Transaction | null {
  const type = event.inputType
  if (!type.startsWith('insert') && !type.startsWith('delete')) return null
  let { from, to } = view.state.selection
  const target = event.getTargetRanges?.()[0]
  if (target) {
    try {
      const a = view.posAtDOM(target.startContainer, target.startOffset)
      const b = view.posAtDOM(target.endContainer, target.endOffset)
      from = Math.min(a, b)
      to = Math.max(a, b)
    } catch {
      // Outside the editor's content (a widget): judge by the editor's selection.
    }
  }
  const size = view.state.doc.content.size
  const tr = view.state.tr
  if (type.startsWith('insert')) return tr.insertText('x', from, to)
  if (from === to) {
    if (type.includes('Backward')) from = Math.max(0, from - 1)
    else to = Math.min(size, to + 1)
  }
  return from < to ? tr.delete(from, to) : null
}

export function lockPlugin(lookup: ConsensusLookup, mayEditTitle: boolean, onBlocked: (why: string) => void): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (tr.getMeta(ySyncPluginKey)) return true // remote or restored: always let it in
      const locked = touchesLocked(tr, state, lookup, mayEditTitle)
      if (locked) {
        onBlocked(locked.why)
        return false
      }
      return true
    },
    props: {
      handleDOMEvents: {
        beforeinput(view, event) {
          const edit = intendedEdit(view, event)
          const locked = edit && touchesLocked(edit, view.state, lookup, mayEditTitle)
          if (!locked) return false
          event.preventDefault()
          onBlocked(locked.why)
          return true
        },
      },
    },
  })
}

/**
 * Prevents forbidden edits before they happen (SPEC R1, R4, R14): no local transaction may touch a
 * locked (agreed, ad-ref or annex) paragraph, nor, for members, the title. What an edit touches is
 * read from ProseMirror's steps; whether that is allowed is the shared lock rule the server's
 * guard asks too (`shared/lockRule.ts`). Remote changes (y-prosemirror's own transactions) always
 * pass, so the lock never hides what others did.
 *
 * Typing is stopped before the browser changes the page (`beforeinput`), not only when
 * ProseMirror reads the change back: a refused read leaves ProseMirror redrawing the paragraph
 * under the browser's caret, and Chromium then put the caret at the start of the document, so the
 * next keys landed in the title (issue 8). Edits ProseMirror makes itself (Enter, paste, the
 * toolbar) are still caught by `filterTransaction`.
 */
import { Plugin, type Transaction, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { Node as PMNode } from 'prosemirror-model'
import { ySyncPluginKey } from 'y-prosemirror'
import type { ConsensusLookup } from './paragraphDecorations.ts'
import { numbersOf } from './numberingPlugin.ts'
import { lockRefusal, type EditTouch } from '../../../shared/lockRule.ts'
import type { BreakoutInfo } from '../../../shared/breakouts.ts'
import { t } from '../i18n.ts'
import type { DocumentRole } from '../../../shared/roles.ts'

/** A part of the document an edit can touch: a paragraph (by id) or the title, [from, to] around it. */
interface Part {
  from: number
  to: number
  /** Null for the title, and for a paragraph not given its id yet (new: never locked). */
  paragraphId: string | null
  isTitle: boolean
}

/** The title and every paragraph of `doc`, with their numbers. */
function partsOf(state: EditorState): { parts: Part[]; labels: Map<string, string> } {
  const parts: Part[] = []
  const labels = new Map<string, string>()
  const title = state.doc.firstChild
  if (title?.type.name === 'title') parts.push({ from: 0, to: title.nodeSize, paragraphId: null, isTitle: true })
  for (const { pos, node, label } of numbersOf(state)) {
    if (node.type.name !== 'recommendation') continue
    const id = node.attrs.id as string | null
    if (id) labels.set(id, label)
    parts.push({ from: pos, to: pos + node.nodeSize, paragraphId: id, isTitle: false })
  }
  return { parts, labels }
}

/** What `tr` touches in `state`: the paragraphs it changes something in or removes, and the title. */
export function touchOf(tr: Transaction, state: EditorState): EditTouch & { labels: Map<string, string> } {
  const touch = { paragraphs: new Set<string>(), title: false, labels: new Map<string, string>() }
  if (!tr.docChanged) return touch
  const { parts, labels } = partsOf(state)
  touch.labels = labels
  tr.steps.forEach((step, i) => {
    // The parts as they stand before this step.
    const before = tr.mapping.slice(0, i)
    const here = parts.map((p) => ({ part: p, from: before.map(p.from, 1), to: before.map(p.to, -1) }))
    const hit = (part: Part): void => {
      if (part.isTitle) touch.title = true
      else if (part.paragraphId) touch.paragraphs.add(part.paragraphId)
    }
    step.getMap().forEach((oldStart, oldEnd) => {
      for (const { part, from, to } of here) {
        // Strictly inside the part, or overlapping its boundary (removal, merge, split).
        if ((oldEnd > from && oldStart < to) || (oldStart === oldEnd && oldStart > from && oldStart < to)) hit(part)
      }
    })
    const stepJson = step.toJSON() as { stepType?: string; pos?: number }
    if (stepJson.stepType === 'attr' && typeof stepJson.pos === 'number') {
      for (const { part, from, to } of here) if (stepJson.pos >= from && stepJson.pos < to) hit(part)
    }
  })
  for (const id of movedParagraphs(state.doc, tr)) touch.paragraphs.add(id)
  return touch
}

/**
 * The paragraphs `tr` moves into another container without touching them: when it joins two
 * topics (a selection from A.4 into topic B's heading, then Backspace) or splits one, the
 * paragraphs of the topics it breaks open stand in a different element afterwards, which the
 * shared document makes as a removal and a re-creation, so the server judges them touched (issue
 * 14). Every paragraph of a container whose opening or closing is deleted, or which no longer
 * maps onto one whole container, counts.
 */
function movedParagraphs(before: PMNode, tr: Transaction): string[] {
  const moved: string[] = []
  before.forEach((container, start) => {
    if (container.type.name !== 'topic' && container.type.name !== 'annex') return
    const end = start + container.nodeSize
    const open = tr.mapping.mapResult(start, 1)
    const close = tr.mapping.mapResult(end, -1)
    const after = open.deletedAfter || close.deletedBefore ? null : tr.doc.nodeAt(open.pos)
    if (after && after.type === container.type && open.pos + after.nodeSize === close.pos) return
    container.forEach((child) => {
      const id = child.attrs.id as string | null
      if (child.type.name === 'recommendation' && id) moved.push(id)
    })
  })
  return moved
}

/** Why `tr` may not be made (SPEC R4, R14: the shared lock rule), or null. */
export function lockProblem(tr: Transaction, state: EditorState, role: DocumentRole, lookup: ConsensusLookup, frozenIn: FrozenLookup = () => null): string | null {
  const touch = touchOf(tr, state)
  return lockRefusal(touch, { role, consensusOf: lookup, frozenIn, labelOf: (id) => touch.labels.get(id) ?? t('common.thisParagraph') })
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

/** As a sentence for the notice. */
const sentence = (why: string): string => `${why.charAt(0).toUpperCase()}${why.slice(1)}.`

/** The running break-out that freezes a paragraph here (SPEC B3), or null. */
export type FrozenLookup = (paragraphId: string) => Pick<BreakoutInfo, 'number'> | null

export function lockPlugin(lookup: ConsensusLookup, role: DocumentRole, onBlocked: (why: string) => void, frozenIn: FrozenLookup): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (tr.getMeta(ySyncPluginKey)) return true // remote or restored: always let it in
      const locked = lockProblem(tr, state, role, lookup, frozenIn)
      if (locked) {
        onBlocked(sentence(locked))
        return false
      }
      return true
    },
    props: {
      handleDOMEvents: {
        beforeinput(view, event) {
          const edit = intendedEdit(view, event)
          const locked = edit && lockProblem(edit, view.state, role, lookup, frozenIn)
          if (!locked) return false
          event.preventDefault()
          onBlocked(sentence(locked))
          return true
        },
      },
    },
  })
}

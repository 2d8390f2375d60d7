/**
 * Starting a comment thread (SPEC K1, K2): on the words selected in one paragraph, or on the
 * paragraph at the cursor. Everyone in the group comments, observers too, on any paragraph.
 * Threads are written by the server, so with `dispatch` this calls `send` with the target; the
 * page turns the positions into anchors that follow the words.
 */
import type { Command, EditorState } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { MAX_QUOTE_LENGTH } from '../comments.ts'
import { recommendationAt } from './brackets.ts'

export interface CommentTarget {
  paragraphId: string
  /** The selected words (document positions), or null for the whole paragraph. */
  range: { from: number; to: number } | null
  quote: string
}

/** What a new comment would stand on, where the selection is; null outside a paragraph. */
export function commentTargetAt(state: EditorState): CommentTarget | null {
  const { $from, $to, empty } = state.selection
  const rec = recommendationAt($from)
  if (!rec) return null
  const paragraphId = rec.node.attrs.id as string
  if (empty) return { paragraphId, range: null, quote: '' }
  // The words must lie in one paragraph: a thread belongs to one.
  if ($to.depth < rec.depth || $to.node(rec.depth) !== rec.node) return null
  const quote = state.doc.textBetween($from.pos, $to.pos, ' ').slice(0, MAX_QUOTE_LENGTH)
  return { paragraphId, range: { from: $from.pos, to: $to.pos }, quote }
}

/** K1: starts a thread on the selection (or the paragraph); `send` asks the server. */
export function startComment(send: (target: CommentTarget) => void): Command {
  return (state, dispatch) => {
    const target = commentTargetAt(state)
    if (!target) return false
    if (dispatch) send(target)
    return true
  }
}

/**
 * K1: where a thread's quoted words stand now, for when its anchor lost them (bracketing or
 * splitting moves words into new text, which relative positions do not follow): in its own
 * paragraph first, else anywhere in the text. Null when the words are gone.
 */
export function findQuote(doc: PMNode, paragraphId: string, quote: string): { from: number; to: number } | null {
  if (!quote) return null
  const paragraphs: { id: string; pos: number; node: PMNode }[] = []
  doc.descendants((node, pos) => {
    if (node.type.name !== 'recommendation') return !node.isTextblock
    paragraphs.push({ id: node.attrs.id as string, pos, node })
    return false
  })
  const own = paragraphs.filter((p) => p.id === paragraphId)
  for (const p of [...own, ...paragraphs.filter((q) => q.id !== paragraphId)]) {
    const found = quoteIn(p.node, p.pos, quote)
    if (found) return found
  }
  return null
}

/** The positions of the first `quote` in paragraph `node` (at `pos`), across inline nodes. */
function quoteIn(node: PMNode, pos: number, quote: string): { from: number; to: number } | null {
  const segments: { at: number; start: number; text: string }[] = []
  let text = ''
  node.descendants((child, offset) => {
    if (child.isText) {
      segments.push({ at: pos + 1 + offset, start: text.length, text: child.text! })
      text += child.text!
    }
    return true
  })
  const index = text.indexOf(quote)
  if (index < 0) return null
  const position = (char: number, end: boolean): number => {
    const seg = segments.find((s) => (end ? char > s.start && char <= s.start + s.text.length : char >= s.start && char < s.start + s.text.length))!
    return seg.at + (char - seg.start)
  }
  return { from: position(index, false), to: position(index + quote.length, true) }
}

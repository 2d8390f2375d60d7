/**
 * Starting a comment thread (SPEC K1, K2): on the words selected in one paragraph, or on the
 * paragraph at the cursor. Everyone in the group comments, observers too, on any paragraph.
 * Threads are written by the server, so with `dispatch` this calls `send` with the target; the
 * page turns the positions into anchors that follow the words.
 */
import type { Command, EditorState } from 'prosemirror-state'
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

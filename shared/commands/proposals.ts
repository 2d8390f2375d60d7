/**
 * Drafting commands on paragraphs (SPEC D1, D8): propose a recommendation under a topic, and
 * co-sponsor or withdraw sponsorship of a paragraph, a bracket or an option.
 */
import { may } from '../roles.ts'
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import type { ResolvedPos } from 'prosemirror-model'
import { schema } from '../schema.ts'
import { newId } from '../ids.ts'
import { type DraftingContext } from './context.ts'
import { recommendationAt } from './brackets.ts'
import type { SponsorTarget, SponsorshipRequest } from '../sponsorship.ts'

/** The topic the selection is in (or, from the title, the first topic), with its position. */
function topicAround(state: EditorState): { pos: number; end: number } | null {
  const $from = state.selection.$from
  const index = $from.index(0)
  let i = index
  if (state.doc.child(index).type.name !== 'topic') {
    i = -1
    state.doc.forEach((child, _offset, n) => {
      if (i < 0 && child.type.name === 'topic') i = n
    })
    if (i < 0) return null
  }
  let pos = 0
  for (let k = 0; k < i; k++) pos += state.doc.child(k).nodeSize
  return { pos, end: pos + state.doc.child(i).nodeSize - 1 }
}

/**
 * D1: proposes a new recommendation at the end of the current topic, sponsored by the drafter's
 * delegation (born proposed: no status is written), and puts the cursor in it.
 */
export function proposeRecommendation(ctx: DraftingContext): Command {
  return (state, dispatch) => {
    if (!may(ctx.role, 'editText')) return false
    const topic = topicAround(state)
    if (!topic) return false
    if (dispatch) {
      const rec = schema.nodes.recommendation!.create({ id: newId('r'), sponsors: [ctx.delegation] })
      const tr = state.tr.insert(topic.end, rec)
      dispatch(tr.setSelection(TextSelection.create(tr.doc, topic.end + 1)).scrollIntoView())
    }
    return true
  }
}

/** The innermost node with sponsors around `$pos` (an option, a bracket, or the paragraph), as a command target. */
function sponsoredAt($pos: ResolvedPos): { target: SponsorTarget; sponsors: string[] } | null {
  const rec = recommendationAt($pos)
  if (!rec) return null
  const paragraphId = rec.node.attrs.id as string
  for (let d = $pos.depth; d >= rec.depth; d--) {
    const node = $pos.node(d)
    const sponsors = node.attrs.sponsors as string[]
    if (node.type.name === 'option') {
      return { target: { kind: 'option', paragraphId, groupId: $pos.node(d - 1).attrs.id as string, option: $pos.index(d - 1) }, sponsors }
    }
    if (node.type.name === 'bracket') return { target: { kind: 'bracket', paragraphId, bracketId: node.attrs.id as string }, sponsors }
    if (node.type.name === 'recommendation') return { target: { kind: 'paragraph', paragraphId }, sponsors }
  }
  return null
}

/**
 * D8: asks for the drafter's delegation to join the sponsors of the innermost option, bracket or
 * paragraph at the cursor, or to leave them when it is there. Sponsorship changes by command on
 * the server (R13), so with `dispatch` this calls `send` rather than changing the document.
 */
export function toggleSponsorship(ctx: DraftingContext, send: (request: SponsorshipRequest) => void): Command {
  return (state, dispatch) => {
    if (!may(ctx.role, 'editText')) return false
    const here = sponsoredAt(state.selection.$from)
    if (!here || ctx.isLocked(here.target.paragraphId)) return false
    if (dispatch) send({ target: here.target, delegation: ctx.delegation, join: !here.sponsors.includes(ctx.delegation) })
    return true
  }
}

/** The target `toggleSponsorship` would change at the cursor, with its current sponsors. */
export function sponsorshipAt(state: EditorState): { target: SponsorTarget; sponsors: string[] } | null {
  return sponsoredAt(state.selection.$from)
}

/** Whether the drafter's delegation already sponsors what `toggleSponsorship` would change. */
export function sponsorsHere(state: EditorState, ctx: DraftingContext): boolean {
  return sponsoredAt(state.selection.$from)?.sponsors.includes(ctx.delegation) ?? false
}

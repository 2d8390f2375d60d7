/**
 * Drafting commands on paragraphs (SPEC D1, D8): propose a recommendation under a topic, and
 * co-sponsor or withdraw sponsorship of a paragraph or of a bracket.
 */
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import type { ResolvedPos } from 'prosemirror-model'
import { schema } from '../schema.ts'
import { newId } from '../ids.ts'
import { canPropose, type DraftingContext } from './context.ts'
import { recommendationAt } from './brackets.ts'

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
    if (!canPropose(ctx.role)) return false
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

/** The innermost node with sponsors around `$pos`: an option, a bracket, or the paragraph. */
function sponsoredAt($pos: ResolvedPos): { pos: number; sponsors: string[]; recId: string } | null {
  const rec = recommendationAt($pos)
  if (!rec) return null
  for (let d = $pos.depth; d >= rec.depth; d--) {
    const node = $pos.node(d)
    if (['option', 'bracket', 'recommendation'].includes(node.type.name)) {
      return { pos: $pos.before(d), sponsors: node.attrs.sponsors as string[], recId: rec.node.attrs.id as string }
    }
  }
  return null
}

/**
 * D8: adds the drafter's delegation to the sponsors of the innermost option, bracket or paragraph
 * at the cursor, or withdraws it when it is there. Only one's own delegation changes.
 */
export function toggleSponsorship(ctx: DraftingContext): Command {
  return (state, dispatch) => {
    if (!canPropose(ctx.role)) return false
    const target = sponsoredAt(state.selection.$from)
    if (!target || ctx.isLocked(target.recId)) return false
    if (dispatch) {
      const has = target.sponsors.includes(ctx.delegation)
      const sponsors = has ? target.sponsors.filter((s) => s !== ctx.delegation) : [...target.sponsors, ctx.delegation]
      dispatch(state.tr.setNodeAttribute(target.pos, 'sponsors', sponsors))
    }
    return true
  }
}

/** Whether the drafter's delegation already sponsors what `toggleSponsorship` would change. */
export function sponsorsHere(state: EditorState, ctx: DraftingContext): boolean {
  return sponsoredAt(state.selection.$from)?.sponsors.includes(ctx.delegation) ?? false
}

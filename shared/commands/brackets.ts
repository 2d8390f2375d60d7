/**
 * Drafting commands on brackets and alternatives (SPEC D2-D7), as ProseMirror commands:
 * `(state, dispatch?) => boolean`; without `dispatch` they answer "may I?". The toolbar, the
 * keyboard and the tests call the same functions; the server enforces the same rules (R12).
 */
import { may } from '../roles.ts'
import type { Node as PMNode, ResolvedPos } from 'prosemirror-model'
import { Fragment, Slice } from 'prosemirror-model'
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import { schema } from '../schema.ts'
import { newId } from '../ids.ts'
import { type DraftingContext } from './context.ts'

/** The recommendation around a position, with its depth, or null outside one. */
export function recommendationAt($pos: ResolvedPos): { node: PMNode; depth: number } | null {
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d)
    if (node.type.name === 'recommendation') return { node, depth: d }
  }
  return null
}

/** The innermost ancestor of `$pos` of one of `types`, with its position. */
function innermost($pos: ResolvedPos, types: readonly string[]): { node: PMNode; pos: number; depth: number } | null {
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d)
    if (types.includes(node.type.name)) return { node, pos: $pos.before(d), depth: d }
  }
  return null
}

/** The selection lies inside one unlocked paragraph. */
function inOpenParagraph(state: EditorState, ctx: DraftingContext): boolean {
  const rec = recommendationAt(state.selection.$from)
  if (!rec || recommendationAt(state.selection.$to)?.node !== rec.node) return false
  return !ctx.isLocked(rec.node.attrs.id as string)
}

/** The person may propose, and the selection lies inside one unlocked paragraph. */
function editableSpot(state: EditorState, ctx: DraftingContext): boolean {
  return may(ctx.role, 'editText') && inOpenParagraph(state, ctx)
}

/**
 * D2/D3: wraps the selected text in a bracket sponsored by the drafter's delegation; with
 * `note: 'delete'` it is a proposal to delete. The selection must lie within one parent (a
 * paragraph, a bracket or an option), so brackets nest but never cross.
 */
export function bracketSelection(ctx: DraftingContext, note: 'delete' | null = null): Command {
  return (state, dispatch) => {
    const { $from, $to, empty } = state.selection
    if (empty || !editableSpot(state, ctx) || !$from.sameParent($to) || !$from.parent.inlineContent) return false
    const content = $from.parent.content.cut($from.parentOffset, $to.parentOffset)
    const bracket = schema.nodes.bracket!.create({ id: newId('b'), sponsors: [ctx.delegation], note }, content)
    if (dispatch) {
      const tr = state.tr.replaceWith($from.pos, $to.pos, bracket)
      dispatch(tr.setSelection(TextSelection.create(tr.doc, $from.pos + 1, $from.pos + 1 + content.size)).scrollIntoView())
    }
    return true
  }
}

/**
 * D4: proposes new wording for the selected text: the original and the proposal stand side by
 * side as alternatives, the proposal sponsored by the drafter's delegation. Amending a whole
 * paragraph makes whole-paragraph options (Option 1 / Option 2).
 */
export function proposeAmendment(ctx: DraftingContext, wording: string): Command {
  return (state, dispatch) => {
    const { $from, $to, empty } = state.selection
    const text = wording.trim()
    if (empty || !text || !editableSpot(state, ctx) || !$from.sameParent($to) || !$from.parent.inlineContent) return false
    const original = $from.parent.content.cut($from.parentOffset, $to.parentOffset)
    // The whole paragraph amended: the alternatives are whole paragraphs, "Option 1 / Option 2".
    const whole = $from.parent.type.name === 'recommendation' && $from.parentOffset === 0 && $to.parentOffset === $from.parent.content.size
    const group = schema.nodes.alternatives!.create({ id: newId('a'), form: whole ? 'paragraph' : 'inline' }, [
      schema.nodes.option!.create({ sponsors: [] }, original),
      schema.nodes.option!.create({ sponsors: [ctx.delegation] }, schema.text(text)),
    ])
    if (dispatch) dispatch(state.tr.replaceWith($from.pos, $to.pos, group).scrollIntoView())
    return true
  }
}

/**
 * D5: adds an alternative to the bracket group around the cursor: a bracket becomes a group of
 * two options (its text and the new one); a group gets one more option. The new option is
 * sponsored by the drafter's delegation and the cursor moves into it.
 */
export function addAlternative(ctx: DraftingContext, wording = ''): Command {
  return (state, dispatch) => {
    if (!editableSpot(state, ctx)) return false
    const around = innermost(state.selection.$from, ['bracket', 'alternatives'])
    if (!around) return false
    const added = schema.nodes.option!.create({ sponsors: [ctx.delegation] }, wording ? schema.text(wording) : Fragment.empty)
    if (!dispatch) return true
    let tr = state.tr
    let cursor: number
    if (around.node.type.name === 'alternatives') {
      const end = around.pos + around.node.nodeSize - 1
      tr = tr.insert(end, added)
      cursor = end + 1
    } else {
      const first = schema.nodes.option!.create({ sponsors: around.node.attrs.sponsors }, around.node.content)
      // A bracket around the whole paragraph becomes whole-paragraph options (Option 1 / Option 2).
      const $at = state.doc.resolve(around.pos)
      const whole = $at.parent.type.name === 'recommendation' && $at.parent.childCount === 1
      const group = schema.nodes.alternatives!.create({ id: around.node.attrs.id, form: whole ? 'paragraph' : 'inline' }, [first, added])
      tr = tr.replaceWith(around.pos, around.pos + around.node.nodeSize, group)
      cursor = around.pos + 1 + first.nodeSize + 1
    }
    dispatch(tr.setSelection(TextSelection.create(tr.doc, cursor + added.content.size)).scrollIntoView())
    return true
  }
}

/** D6: cleans the bracket around the cursor: the brackets go, the text stays (chair, secretariat). */
export function removeBracket(ctx: DraftingContext): Command {
  return (state, dispatch) => {
    if (!may(ctx.role, 'clean') || !inOpenParagraph(state, ctx)) return false
    const around = innermost(state.selection.$from, ['bracket'])
    if (!around) return false
    if (dispatch) dispatch(state.tr.replaceWith(around.pos, around.pos + around.node.nodeSize, around.node.content).scrollIntoView())
    return true
  }
}

/**
 * D7: keeps one alternative of the group around the cursor (the option holding the cursor, or
 * `index`): its text stays, the other options and the brackets go (chair, secretariat).
 */
export function chooseAlternative(ctx: DraftingContext, index?: number): Command {
  return (state, dispatch) => {
    if (!may(ctx.role, 'clean') || !inOpenParagraph(state, ctx)) return false
    const group = innermost(state.selection.$from, ['alternatives'])
    if (!group) return false
    let chosen = index
    if (chosen === undefined) {
      const option = innermost(state.selection.$from, ['option'])
      if (!option || option.depth !== group.depth + 1) return false
      chosen = state.selection.$from.index(group.depth)
    }
    if (chosen < 0 || chosen >= group.node.childCount) return false
    if (dispatch) {
      const kept = group.node.child(chosen).content
      dispatch(state.tr.replaceWith(group.pos, group.pos + group.node.nodeSize, kept).scrollIntoView())
    }
    return true
  }
}

/**
 * D9: Enter inside a bracket or an option splits the paragraph after the outermost bracket or
 * group around the caret, so that it stays whole; the new paragraph starts with the text that
 * followed it (empty, and with no sponsors of its own, when nothing did, as Enter at the end of a
 * paragraph makes). Outside brackets it does not apply, and the ordinary Enter does. `told`
 * hears what was kept whole.
 */
export function splitAfterBrackets(told: (kept: 'bracket' | 'alternatives') => void = () => {}): Command {
  return (state, dispatch) => {
    if (!outermostBracket(state.selection.$from)) return false
    if (!dispatch) return true
    const tr = state.tr
    if (!state.selection.empty) tr.deleteSelection()
    const $pos = tr.doc.resolve(tr.mapping.map(state.selection.from))
    const rec = recommendationAt($pos)
    if (!rec) return false
    const outer = outermostBracket($pos)
    const at = outer ? outer.pos + outer.node.nodeSize : $pos.pos
    const atEnd = at === $pos.end(rec.depth)
    const attrs = atEnd ? {} : { ...rec.node.attrs, id: null }
    tr.split(at, 1, [{ type: schema.nodes.recommendation!, attrs }])
    tr.setSelection(TextSelection.create(tr.doc, at + 2)).scrollIntoView()
    dispatch(tr)
    if (outer) told(outer.node.type.name === 'alternatives' ? 'alternatives' : 'bracket')
    return true
  }
}

/**
 * D9, for a paste (or a drop) inside a bracket or an option: lines become one, joined by spaces, so
 * the pasted paragraphs cannot cut the bracket or the group in two. Elsewhere the slice is kept.
 */
export function pasteInsideBrackets(slice: Slice, state: EditorState): Slice {
  const { $from, $to } = state.selection
  if (!outermostBracket($from) && !outermostBracket($to)) return slice
  let blocks = false
  slice.content.forEach((node) => {
    if (node.isBlock) blocks = true
  })
  if (!blocks) return slice
  const text = slice.content.textBetween(0, slice.content.size, ' ').replace(/\s+/g, ' ').trim()
  return text ? new Slice(Fragment.from(schema.text(text)), 0, 0) : Slice.empty
}

/** The outermost bracket or alternatives group around `$pos` inside its paragraph, or null. */
function outermostBracket($pos: ResolvedPos): { node: PMNode; pos: number } | null {
  const rec = recommendationAt($pos)
  if (!rec) return null
  for (let d = rec.depth + 1; d <= $pos.depth; d++) {
    const node = $pos.node(d)
    if (node.type.name === 'bracket' || node.type.name === 'alternatives') return { node, pos: $pos.before(d) }
  }
  return null
}

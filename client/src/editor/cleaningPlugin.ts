/**
 * Keeps members from cleaning by accident (SPEC R12, D6, D7), the editor's half of the shared
 * cleaning rule (`shared/cleaningRule.ts`): it lists what a local transaction removes, from the
 * documents before and after, and asks the rule, so that the editor stops exactly the edits the
 * server would refuse, and says why in the same words. Moving brackets with their text (split,
 * join) and turning a bracket into a group are fine; so is removing what one's own client created.
 * Remote changes always pass.
 */
import { Plugin, type EditorState } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { ySyncPluginKey } from 'y-prosemirror'
import { cleaningRefusal, type BracketKind, type Removal } from '../../../shared/cleaningRule.ts'
import { may, type DocumentRole } from '../../../shared/roles.ts'

interface Standing {
  /** The paragraph it stands in. */
  paragraph: string
  kind: BracketKind
  node: PMNode
  /** A group's options, as nodes (an unchanged option is the same node after the edit). */
  options: PMNode[]
}

interface Inventory {
  paragraphs: Set<string>
  /** bracket or group id -> where it stands */
  brackets: Map<string, Standing>
  /** Ids that stand more than once: a bracket or group cut in two by a split or a paste. */
  cut: Set<string>
}

function inventory(doc: PMNode): Inventory {
  const paragraphs = new Set<string>()
  const brackets = new Map<string, Standing>()
  const cut = new Set<string>()
  doc.descendants((node) => {
    if (node.type.name !== 'recommendation') return true
    const paragraph = node.attrs.id as string
    paragraphs.add(paragraph)
    node.descendants((inner) => {
      const kind = inner.type.name
      if (kind === 'bracket' || kind === 'alternatives') {
        const options: PMNode[] = []
        if (kind === 'alternatives') inner.forEach((option) => void options.push(option))
        const id = inner.attrs.id as string
        if (brackets.has(id)) cut.add(id)
        brackets.set(id, { paragraph, kind, node: inner, options })
      }
      return true
    })
    return false
  })
  return { paragraphs, brackets, cut }
}

/**
 * What going from `before` to `after` removes, for the cleaning rule. `isOwn` tells whether a node
 * of `before` was created by this member's own client. An option counts as removed when its group
 * has fewer options after the edit and it is not among them unchanged, or when the group is cut in
 * two.
 */
export function removalsBetween(before: PMNode, after: PMNode, isOwn: (node: PMNode) => boolean): Removal[] {
  const old = inventory(before)
  const now = inventory(after)
  const removals: Removal[] = []
  for (const [id, was] of old.brackets) {
    const paragraphStays = now.paragraphs.has(was.paragraph)
    if (!paragraphStays) continue // the whole paragraph went: not cleaning
    const is = now.brackets.get(id)
    if (!is) {
      removals.push({ kind: was.kind, paragraphStays, own: isOwn(was.node), standsAgain: false })
      continue
    }
    // A group cut in two: which half keeps the group's element is y-prosemirror's guess, and
    // the other half's options are removed from it (issue 14). Enter and paste never cut one (D9).
    if (was.kind === 'alternatives' && now.cut.has(id) && !old.cut.has(id)) {
      removals.push({ kind: 'option', paragraphStays, own: was.options.every(isOwn), standsAgain: false })
      continue
    }
    if (is.options.length >= was.options.length) continue
    for (const option of was.options) {
      if (is.options.includes(option)) continue
      removals.push({ kind: 'option', paragraphStays, own: isOwn(option), standsAgain: false })
    }
  }
  return removals
}

/** Whether a node of the document the editor shows was created by this member's own client. */
export type OwnNodeTest = (node: PMNode, state: EditorState) => boolean

export function cleaningPlugin(role: DocumentRole, isOwn: OwnNodeTest, onBlocked: (why: string) => void): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (may(role, 'clean') || !tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
      const why = cleaningRefusal(removalsBetween(state.doc, tr.doc, (node) => isOwn(node, state)), role)
      if (!why) return true
      onBlocked(why.charAt(0).toUpperCase() + why.slice(1) + '.')
      return false
    },
  })
}

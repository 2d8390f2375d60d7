/**
 * The paragraph numbers of the editor's document (SPEC M5, V5), computed once per change of the
 * text or of the latest revision's number table, and read by every part of the page that names a
 * paragraph (`numbersOf`). The table comes from the document's `meta.revision`, which only the
 * server writes; the editor hands it in with `setNumberTable`.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { NO_NUMBERS, numberTree, type NumberedNode, type VacatedNumber } from '../../../shared/numbering.ts'
import type { NumberTable } from '../../../shared/revisions.ts'

interface Numbering {
  table: NumberTable
  nodes: NumberedNode[]
  vacated: VacatedNumber[]
}

const numberingKey = new PluginKey<Numbering>('numbering')

const compute = (doc: PMNode, table: NumberTable): Numbering => ({ table, ...numberTree(doc, table) })

/** Must come before the plugins that read `numbersOf` in their state. */
export function numberingPlugin(initial: NumberTable): Plugin<Numbering> {
  return new Plugin<Numbering>({
    key: numberingKey,
    state: {
      init: (_config, state) => compute(state.doc, initial),
      apply(tr, old, _oldState, newState) {
        const table = tr.getMeta(numberingKey) as NumberTable | undefined
        if (table !== undefined) return compute(newState.doc, table)
        return tr.docChanged ? compute(newState.doc, old.table) : old
      },
    },
  })
}

/** A transaction that numbers the document under `table` (a revision was issued). */
export const setNumberTable = (tr: Transaction, table: NumberTable): Transaction => tr.setMeta(numberingKey, table)

/** Whether `tr` changed the number table. */
export const numbersChanged = (tr: Transaction): boolean => tr.getMeta(numberingKey) !== undefined

/** The numbered topics and paragraphs of `state`, in document order. */
export function numbersOf(state: EditorState): NumberedNode[] {
  return numberingKey.getState(state)?.nodes ?? numberTree(state.doc, NO_NUMBERS).nodes
}

/** The revision's numbers that no paragraph holds now (`[B.4 deleted]`). */
export function vacatedOf(state: EditorState): VacatedNumber[] {
  return numberingKey.getState(state)?.vacated ?? []
}

/** The table `state` is numbered under, to number another tree of the same document (`tr.doc`). */
export function numberTableIn(state: EditorState): NumberTable {
  return numberingKey.getState(state)?.table ?? NO_NUMBERS
}

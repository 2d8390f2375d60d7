/**
 * Runs a shared drafting command on a Y document the way the editor does: the document read into
 * ProseMirror, the command applied to a selection, and the new tree written back with
 * y-prosemirror's own `updateYFragment`. Tests use it to send exactly the bytes an editor would,
 * from any role: the command's role check is the toolbar's, the server's is what is tested.
 */
import * as Y from 'yjs'
import { EditorState, TextSelection, type Command, type Selection } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { schema } from '../../shared/schema.ts'
import { textOf } from '../../shared/ydoc.ts'

/** Applies `command` at `select(doc)` to `ydoc`'s text; throws when the command does not apply. */
export function applyCommand(ydoc: Y.Doc, command: Command, select: (doc: PMNode) => Selection): void {
  const doc = yXmlFragmentToProseMirrorRootNode(textOf(ydoc), schema)
  const state = EditorState.create({ doc, selection: select(doc) })
  let next: PMNode | null = null
  if (!command(state, (tr) => (next = tr.doc))) throw new Error('the command does not apply here')
  if (!next) throw new Error('the command dispatched nothing')
  const result: PMNode = next
  ydoc.transact(() => updateYFragment(ydoc, textOf(ydoc), result, { mapping: new Map(), isOMark: new Map() }))
}

/** Selects `text` inside paragraph `recId` (collapsed at its start with `caret`). */
export function selectIn(recId: string, text: string, caret = false): (doc: PMNode) => Selection {
  return (doc) => {
    let from = -1
    doc.descendants((node, pos) => {
      if (from >= 0 || node.isTextblock && node.type.name !== 'recommendation') return false
      if (node.type.name !== 'recommendation') return true
      if (node.attrs.id !== recId) return false
      node.descendants((inner, offset) => {
        if (from < 0 && inner.isText && inner.text!.includes(text)) from = pos + 1 + offset + inner.text!.indexOf(text)
        return from < 0
      })
      return false
    })
    if (from < 0) throw new Error(`no "${text}" in ${recId}`)
    return TextSelection.create(doc, from, caret ? from : from + text.length)
  }
}

/**
 * Shows the person's held-back wording beside its paragraph (SPEC R15): a widget after each
 * paragraph that has some, drawn by the page (which owns the actions). View only: nothing here
 * writes to the document.
 */
import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node as PMNode } from 'prosemirror-model'
import type { HeldChange } from '../collab/reconnectPlan.ts'

/** Transaction meta: the held changes changed; redraw. */
export const HELD_CHANGED = 'accord-held-changed'

const key = new PluginKey<DecorationSet>('held')

export function heldPlugin(items: () => HeldChange[], render: (change: HeldChange) => HTMLElement): Plugin<DecorationSet> {
  const build = (doc: PMNode): DecorationSet => {
    const held = items()
    if (held.length === 0) return DecorationSet.empty
    const decorations: Decoration[] = []
    doc.descendants((node, pos) => {
      if (node.type.name !== 'recommendation') return true
      held.forEach((change, i) => {
        if (change.paragraphId !== node.attrs.id) return
        decorations.push(
          Decoration.widget(pos + node.nodeSize, () => render(change), {
            side: 1,
            key: `held|${change.paragraphId}|${i}|${change.heldAt}|${change.text.length}`,
            stopEvent: () => true,
            ignoreSelection: true,
          }),
        )
      })
      return false
    })
    return DecorationSet.create(doc, decorations)
  }
  return new Plugin<DecorationSet>({
    key,
    state: {
      init: (_config, state) => build(state.doc),
      apply: (tr, set) => (tr.docChanged || tr.getMeta(HELD_CHANGED) ? build(tr.doc) : set),
    },
    props: {
      decorations: (state) => key.getState(state),
    },
  })
}

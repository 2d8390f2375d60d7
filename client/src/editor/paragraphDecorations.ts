/**
 * Derived marks on the text, recomputed from the document and the consensus map: paragraph
 * numbers (B.3), status badges, sponsors, and for points in the annex the views recorded.
 * Nothing here is stored; it is a view of the state (SPEC M5, C3).
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node as PMNode } from 'prosemirror-model'
import { numberDocument } from '../../../shared/numbering.ts'
import { displayStatus, STATUS_LABEL, isLocked, type ConsensusEntry } from '../../../shared/consensus.ts'

export const paragraphDecorationsKey = new PluginKey<DecorationSet>('accordParagraphs')

/** Reads the consensus entry of a recommendation id (from the Y.Map in the page). */
export type ConsensusLookup = (id: string) => ConsensusEntry | null

/** Meta to set on a transaction when the consensus map changed, so decorations are rebuilt. */
export const CONSENSUS_CHANGED = 'accordConsensusChanged'

export function paragraphDecorations(lookup: ConsensusLookup): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: paragraphDecorationsKey,
    state: {
      init: (_config, state) => build(state, lookup),
      apply: (tr, old, _oldState, newState) =>
        tr.docChanged || tr.getMeta(CONSENSUS_CHANGED) ? build(newState, lookup) : old,
    },
    props: {
      decorations: (state) => paragraphDecorationsKey.getState(state),
    },
  })
}

function build(state: EditorState, lookup: ConsensusLookup): DecorationSet {
  const decorations: Decoration[] = []
  for (const { pos, node, label } of numberDocument(state.doc)) {
    if (node.type.name === 'topic') {
      decorations.push(Decoration.widget(pos + 2, () => badge('topic-letter', `${label}.`), { side: -1, key: `t${label}` }))
      continue
    }
    const entry = lookup(node.attrs.id as string)
    const status = displayStatus(node, entry)
    const locked = isLocked(entry)
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, {
        class: `status-${status}${locked ? ' locked' : ''}`,
        'data-number': label,
        'data-status': status,
      }),
    )
    decorations.push(
      Decoration.widget(pos + 1, () => paragraphHead(label, status, node, locked), {
        side: -1,
        key: `h${label}|${status}|${sponsorsOf(node).join(',')}|${locked}`,
        ignoreSelection: true,
      }),
    )
    if (status === 'annex' && entry?.views?.length) {
      const views = entry.views
      decorations.push(
        Decoration.widget(pos + node.nodeSize - 1, () => viewsBlock(views), {
          side: 1,
          key: `v${label}|${views.join('|')}`,
          ignoreSelection: true,
        }),
      )
    }
  }
  return DecorationSet.create(state.doc, decorations)
}

const sponsorsOf = (node: PMNode): string[] => node.attrs.sponsors as string[]

function badge(className: string, text: string): HTMLElement {
  const el = document.createElement('span')
  el.className = className
  el.contentEditable = 'false'
  el.textContent = text
  return el
}

function paragraphHead(label: string, status: keyof typeof STATUS_LABEL, node: PMNode, locked: boolean): HTMLElement {
  const head = document.createElement('span')
  head.className = 'para-head'
  head.contentEditable = 'false'
  head.append(badge('para-number', label))
  const statusEl = badge(`status-badge status-badge-${status}`, `${STATUS_LABEL[status]}${locked ? ' · locked' : ''}`)
  statusEl.setAttribute('aria-label', `Status: ${STATUS_LABEL[status]}${locked ? ', locked' : ''}`)
  head.append(statusEl)
  const sponsors = sponsorsOf(node)
  if (sponsors.length) head.append(badge('sponsors', `Sponsors: ${sponsors.join(', ')}`))
  return head
}

function viewsBlock(views: readonly string[]): HTMLElement {
  const box = document.createElement('span')
  box.className = 'annex-views'
  box.contentEditable = 'false'
  const title = document.createElement('span')
  title.className = 'annex-views-title'
  title.textContent = 'Differing views recorded'
  box.append(title)
  for (const v of views) {
    const item = document.createElement('span')
    item.className = 'annex-view'
    item.textContent = v
    box.append(item)
  }
  return box
}

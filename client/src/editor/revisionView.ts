/**
 * A revision as issued (SPEC V1), read only, drawn as the live editor draws the rolling document:
 * its numbers under its own table (V5), brackets, alternatives, statuses, sponsors, reservations,
 * the views of the annex and the status panel. The text is read from the revision's Y.Doc without
 * a binding (shared/readText never writes), so nothing here can change it or reach the live document.
 */
import type * as Y from 'yjs'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { schema } from '../../../shared/schema.ts'
import { readText } from '../../../shared/readText.ts'
import { readConsensusEntry } from '../../../shared/consensus.ts'
import { readReservations } from '../../../shared/reservations.ts'
import { consensusOf, reservationsOf, textOf } from '../../../shared/ydoc.ts'
import { numberTableOf } from '../../../shared/numbering.ts'
import { numberingPlugin } from './numberingPlugin.ts'
import { paragraphDecorations } from './paragraphDecorations.ts'
import { standingPanel } from './standingPanel.ts'
import { t } from '../i18n.ts'

export function createRevisionView(mount: HTMLElement, ydoc: Y.Doc, standingHost: HTMLElement): { view: EditorView; destroy(): void } {
  const consensus = consensusOf(ydoc)
  const reservations = reservationsOf(ydoc)
  const lookup = (id: string) => readConsensusEntry(consensus.get(id))
  const state = EditorState.create({
    schema,
    doc: readText(textOf(ydoc)),
    plugins: [
      // First: the plugins after it read the numbers in their state.
      numberingPlugin(numberTableOf(ydoc)),
      paragraphDecorations(lookup, null, { of: (id) => readReservations(reservations.get(id)), mine: null }, null),
      standingPanel(standingHost, lookup),
    ],
  })
  const view = new EditorView(mount, {
    state,
    editable: () => false,
    attributes: {
      class: 'rolling-document read-only revision-text',
      spellcheck: 'false',
      'aria-label': t('revisionPage.textLabel'),
      tabindex: '-1',
    },
  })
  return { view, destroy: () => view.destroy() }
}

/**
 * Derived marks on the text, recomputed from the document and the consensus map: paragraph
 * numbers (B.3), status badges, sponsors, and for points in the annex the views recorded.
 * Nothing here is stored; it is a view of the state (SPEC M5, C3).
 */
import { showStatusHistory } from '../ui/historyDialog.ts'
import { t } from '../i18n.ts'
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node as PMNode } from 'prosemirror-model'
import { vacatedText, type VacatedNumber, type NumberedNode } from '../../../shared/numbering.ts'
import { numbersChanged, numbersOf, vacatedOf } from './numberingPlugin.ts'
import { displayStatus, STATUS_LABEL, isLocked, type ConsensusEntry, type StatusEvent } from '../../../shared/consensus.ts'
import { STATUS_ACTION_LABEL, type StatusAction } from '../../../shared/statusCommands.ts'
import type { Reservation } from '../../../shared/reservations.ts'
import type { BreakoutInfo } from '../../../shared/breakouts.ts'

export const paragraphDecorationsKey = new PluginKey<DecorationSet>('accordParagraphs')

/** Reads the consensus entry of a recommendation id (from the Y.Map in the page). */
export type ConsensusLookup = (id: string) => ConsensusEntry | null

/** Meta to set on a transaction when the consensus map changed, so decorations are rebuilt. */
export const CONSENSUS_CHANGED = 'accordConsensusChanged'

/** One of the chair's buttons: the action, and why it does not apply now (null when it does). */
export interface OfferedAction {
  action: StatusAction
  why: string | null
}

/** The chair's buttons on a paragraph: which actions to offer and what to do on a click. */
export interface ParagraphActions {
  /** The actions the paragraph's status allows, each with why its text does not allow it yet. */
  available(rec: PMNode, topicId: string | null, entry: ConsensusEntry | null, label: string): OfferedAction[]
  run(recId: string, action: StatusAction): void
  /** Says why an action does not apply (its button is pressed anyway). */
  explain(why: string): void
}

/** Reservations on paragraphs (SPEC C8): what is recorded, and the person's own button. */
export interface ReservationView {
  of(recId: string): Reservation[]
  /** Null for observers, who record none. */
  mine: { delegation: string; reserve(recId: string): void; withdraw(recId: string): void } | null
}

/** What break-outs say of a paragraph: the running one it is in (SPEC B3), the reported one that produced it (B6). */
export interface BreakoutLookup {
  running(recId: string): BreakoutInfo | null
  producedBy(recId: string): { breakout: BreakoutInfo; agreed: boolean } | null
}

const NO_BREAKOUTS: BreakoutLookup = { running: () => null, producedBy: () => null }

/**
 * Comments on paragraphs (SPEC K1): how many threads are open, and the button to comment. Null
 * where there are none to take (a revision as issued, V1, keeps no comments).
 */
export interface CommentView {
  openCount(recId: string): number
  commentOn(recId: string): void
}

export function paragraphDecorations(
  lookup: ConsensusLookup,
  actions: ParagraphActions | null,
  reservations: ReservationView,
  comments: CommentView | null,
  breakoutOf: BreakoutLookup = NO_BREAKOUTS,
): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: paragraphDecorationsKey,
    state: {
      init: (_config, state) => build(state, lookup, actions, reservations, comments, breakoutOf),
      apply: (tr, old, _oldState, newState) =>
        tr.docChanged || tr.getMeta(CONSENSUS_CHANGED) || numbersChanged(tr) ? build(newState, lookup, actions, reservations, comments, breakoutOf) : old,
    },
    props: {
      decorations: (state) => paragraphDecorationsKey.getState(state),
      // The skip link's target (index.html): following it focuses the text itself.
      attributes: { id: 'document-text' },
    },
  })
}

function build(
  state: EditorState,
  lookup: ConsensusLookup,
  actions: ParagraphActions | null,
  reservations: ReservationView,
  comments: CommentView | null,
  breakoutOf: BreakoutLookup,
): DecorationSet {
  const decorations: Decoration[] = []
  let topicId: string | null = null
  const numbered = numbersOf(state)
  decorations.push(...vacatedMarks(numbered, vacatedOf(state)))
  for (const { pos, node, label } of numbered) {
    if (label.startsWith('Annex')) topicId = null
    if (node.type.name === 'topic') {
      topicId = node.attrs.id as string
      decorations.push(Decoration.widget(pos + 2, () => badge('topic-letter', `${label}.`), { side: -1, key: `t${label}` }))
      continue
    }
    const entry = lookup(node.attrs.id as string)
    const status = displayStatus(node, entry)
    const breakout = breakoutOf.running(node.attrs.id as string)
    // B3: frozen in plenary while its break-out runs, unless the chair let plenary edit it.
    const locked = isLocked(entry) || (breakout !== null && !breakout.plenaryMayEdit)
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, {
        class: `status-${status}${locked ? ' locked' : ''}`,
        'data-number': label,
        'data-status': status,
      }),
    )
    const offered = actions ? actions.available(node, topicId, entry, label) : []
    const id = node.attrs.id as string
    const reserved = reservations.of(id)
    const mine = reservations.mine
    const own = mine ? reserved.some((r) => r.delegation === mine.delegation) : false
    const toggle = mine ? { own, run: (): void => (own ? mine.withdraw(id) : mine.reserve(id)) } : null
    const openThreads = comments ? comments.openCount(id) : 0
    const comment = comments ? { open: openThreads, run: (): void => comments.commentOn(id) } : null
    decorations.push(
      Decoration.widget(pos + 1, () => paragraphHead(label, status, node, locked, offered, (a) => actions?.run(id, a), (why) => actions?.explain(why), toggle, comment, entry?.history ?? []), {
        side: -1,
        key: `h${label}|${id}|${status}|${sponsorsOf(node).join(',')}|${locked}|${offered.map((o) => `${o.action}:${o.why ?? ''}`).join(',')}|${toggle ? own : '-'}|${openThreads}|${entry?.history?.length ?? 0}`,
        ignoreSelection: true,
        stopEvent: () => true,
      }),
    )
    if (breakout) {
      const text = t(breakout.plenaryMayEdit ? 'paragraph.inBreakout' : 'paragraph.inBreakoutFrozen', { number: breakout.number })
      decorations.push(
        Decoration.widget(pos + 1, () => Object.assign(badge('breakout-badge', text), { title: breakout.name }), {
          side: -1,
          key: `b${id}|${breakout.id}|${breakout.plenaryMayEdit}`,
          ignoreSelection: true,
        }),
      )
    }
    const produced = breakoutOf.producedBy(id)
    if (produced) {
      // B6: a link to the break-out's document, which stays readable; agreed there, proposed here.
      const { breakout: from, agreed } = produced
      const text = t(agreed ? 'paragraph.agreedInBreakout' : 'paragraph.fromBreakout', { number: from.number })
      decorations.push(
        Decoration.widget(
          pos + 1,
          () => {
            const link = document.createElement('a')
            link.className = `breakout-badge from-breakout${agreed ? ' agreed-in-breakout' : ''}`
            link.href = `/documents/${encodeURIComponent(from.id)}`
            link.contentEditable = 'false'
            link.textContent = text
            link.title = from.name
            return link
          },
          { side: -1, key: `p${id}|${from.id}|${agreed}`, ignoreSelection: true, stopEvent: () => true },
        ),
      )
    }
    if (reserved.length) {
      decorations.push(
        Decoration.widget(pos + node.nodeSize - 1, () => reservationBlock(reserved), {
          side: 2,
          key: `r${id}|${reserved.map((r) => `${r.delegation}:${r.text}`).join('|')}`,
          ignoreSelection: true,
        }),
      )
    }
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

/** `[B.4 deleted]` where B.4 stood: after the paragraph numbered before it, or under its topic's heading (V5). */
function vacatedMarks(numbered: readonly NumberedNode[], vacated: readonly VacatedNumber[]): Decoration[] {
  if (vacated.length === 0) return []
  const byId = new Map(numbered.map((n) => [n.node.attrs.id as string, n]))
  const out: Decoration[] = []
  for (const v of vacated) {
    const at = v.after === null ? null : 'paragraphId' in v.after ? byId.get(v.after.paragraphId) : byId.get(v.after.topicId)
    if (!at) continue
    const pos = at.node.type.name === 'topic' ? at.pos + 1 + (at.node.firstChild?.nodeSize ?? 0) : at.pos + at.node.nodeSize
    out.push(
      Decoration.widget(pos, () => vacatedMark(v), { side: at.node.type.name === 'topic' ? -1 : 1, key: `x${v.label}|${v.reason}`, ignoreSelection: true }),
    )
  }
  return out
}

function vacatedMark(v: VacatedNumber): HTMLElement {
  const el = document.createElement('p')
  el.className = 'vacated-number'
  el.contentEditable = 'false'
  el.dataset.number = v.label
  el.textContent = vacatedText(v)
  return el
}

function badge(className: string, text: string): HTMLElement {
  const el = document.createElement('span')
  el.className = className
  el.contentEditable = 'false'
  el.textContent = text
  return el
}

function paragraphHead(
  label: string,
  status: keyof typeof STATUS_LABEL,
  node: PMNode,
  locked: boolean,
  offered: readonly OfferedAction[],
  run: (action: StatusAction) => void,
  explain: (why: string) => void,
  reservation: { own: boolean; run: () => void } | null,
  comment: { open: number; run: () => void } | null,
  history: readonly StatusEvent[],
): HTMLElement {
  const head = document.createElement('span')
  head.className = 'para-head'
  head.contentEditable = 'false'
  // Its own direction: the paragraph's dir=auto then follows the paragraph's words, not its number.
  head.dir = 'auto'
  head.append(badge('para-number', label))
  const statusEl = badge(`status-badge status-badge-${status}`, locked ? t('paragraph.statusLocked', { status: STATUS_LABEL[status] }) : STATUS_LABEL[status])
  statusEl.setAttribute('aria-label', t(locked ? 'paragraph.statusLabelLocked' : 'paragraph.statusLabel', { status: STATUS_LABEL[status] }))
  head.append(statusEl)
  const sponsors = sponsorsOf(node)
  if (sponsors.length) head.append(badge('sponsors', t('paragraph.sponsors', { sponsors: sponsors.join(', ') })))
  if (reservation) {
    head.append(
      headButton(
        'reservation-toggle',
        reservation.own ? t('paragraph.withdrawReservation') : t('paragraph.reserve'),
        reservation.own ? t('paragraph.withdrawReservationTitle') : t('paragraph.reserveTitle'),
        reservation.run,
      ),
    )
  }
  if (comment) {
    const c = headButton(
      'comment-toggle',
      comment.open ? t('paragraph.openComments', { count: comment.open }) : t('paragraph.comment'),
      t('paragraph.commentTitle'),
      comment.run,
    )
    c.dataset.open = String(comment.open)
    head.append(c)
  }
  if (history.length) {
    head.append(headButton('history-toggle', t('paragraph.history', { n: history.length }), t('paragraph.historyTitle', { label }), () => showStatusHistory(label, history)))
  }
  if (offered.length) {
    const bar = document.createElement('span')
    bar.className = 'chair-actions'
    for (const { action, why } of offered) {
      const b = headButton(`chair-action chair-action-${action}`, STATUS_ACTION_LABEL[action], why ?? STATUS_ACTION_LABEL[action], () => (why ? explain(why) : run(action)))
      b.dataset.action = action
      // Not `disabled`: the chair can still reach it and be told why (which brackets, whose).
      if (why) {
        b.setAttribute('aria-disabled', 'true')
        b.setAttribute('aria-description', why)
      }
      bar.append(b)
    }
    head.append(bar)
  }
  return head
}

/** A button in a paragraph's head; pressing it leaves the editor's selection where it was. */
function headButton(className: string, text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button')
  b.type = 'button'
  b.className = className
  b.textContent = text
  b.title = title
  b.addEventListener('mousedown', (ev) => ev.preventDefault())
  b.addEventListener('click', onClick)
  return b
}

/** The reservations, as footnotes under the paragraph. */
function reservationBlock(reserved: readonly Reservation[]): HTMLElement {
  const box = document.createElement('span')
  box.className = 'reservations'
  box.contentEditable = 'false'
  box.dir = 'auto'
  reserved.forEach((r, i) => {
    const note = document.createElement('span')
    note.className = 'reservation'
    note.dataset.delegation = r.delegation
    note.textContent = t('paragraph.reservation', { n: i + 1, text: r.text })
    box.append(note)
  })
  return box
}

function viewsBlock(views: readonly string[]): HTMLElement {
  const box = document.createElement('span')
  box.className = 'annex-views'
  box.contentEditable = 'false'
  box.dir = 'auto'
  const title = document.createElement('span')
  title.className = 'annex-views-title'
  title.textContent = t('paragraph.views')
  box.append(title)
  for (const v of views) {
    const item = document.createElement('span')
    item.className = 'annex-view'
    item.textContent = v
    box.append(item)
  }
  return box
}

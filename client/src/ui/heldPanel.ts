/**
 * The person's held-back wording (SPEC R15, R7): what the server would not take, each with why,
 * in the room's words, and what the person can do with it: propose it again as a new
 * recommendation, post it as a comment on the paragraph, or discard it. Shown beside its paragraph
 * when the paragraph stands (heldPlugin); in the panel above the document when it is gone.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { schema } from '../../../shared/schema.ts'
import { newId } from '../../../shared/ids.ts'
import { NO_NUMBERS, numberDocument } from '../../../shared/numbering.ts'
import type { NumberTable } from '../../../shared/revisions.ts'
import { MAX_COMMENT_LENGTH } from '../../../shared/comments.ts'
import type { EditorView } from 'prosemirror-view'
import type { HeldChange } from '../collab/reconnectPlan.ts'
import { keepable } from '../collab/heldChanges.ts'
import { t } from '../i18n.ts'

export interface HeldActions {
  /** Proposes the wording again as a new recommendation of the person's delegation. */
  propose(change: HeldChange): void
  /** Posts the wording as a comment on its paragraph. */
  comment(change: HeldChange): Promise<void>
  discard(change: HeldChange): void
}

const timeOf = (iso: string): string => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/** One held change, with its actions. */
export function heldItemElement(change: HeldChange, actions: HeldActions, standing: boolean): HTMLElement {
  const item = document.createElement('div')
  item.className = 'held-item'
  item.dir = 'auto'
  item.dataset.paragraph = change.paragraphId
  item.setAttribute('role', 'group')
  item.setAttribute('aria-label', t('held.label', { label: change.label }))
  const why = document.createElement('p')
  why.className = 'held-why'
  const then = change.text ? t('held.kept') : t('held.removed', { label: change.label })
  why.textContent = change.lockedAt ? t('held.whyAt', { why: change.why, time: timeOf(change.lockedAt), then }) : t('held.why', { why: change.why, then })
  item.append(why)
  if (change.text) {
    const text = document.createElement('blockquote')
    text.className = 'held-text'
    text.setAttribute('dir', 'auto')
    text.textContent = change.text
    item.append(text)
  }
  const buttons = document.createElement('div')
  buttons.className = 'held-actions'
  const button = (label: string, run: () => void, disabledWhy?: string): void => {
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = label
    if (disabledWhy) {
      b.disabled = true
      b.title = disabledWhy
      b.setAttribute('aria-description', disabledWhy)
    }
    b.addEventListener('click', run)
    buttons.append(b)
  }
  if (change.text) {
    button(t('held.propose'), () => actions.propose(change))
    button(
      t('held.comment'),
      () => void actions.comment(change),
      !standing
        ? t('held.gone', { label: change.label })
        : change.text.length > MAX_COMMENT_LENGTH
          ? t('comments.limit', { max: MAX_COMMENT_LENGTH })
          : undefined,
    )
  }
  button(change.text ? t('held.discard') : t('held.dismiss'), () => actions.discard(change))
  item.append(buttons)
  return item
}

/** The panel above the document: the held changes whose paragraph is gone, and a count of the rest. */
export function renderHeldPanel(host: HTMLElement, held: readonly HeldChange[], doc: PMNode, actions: HeldActions): void {
  host.replaceChildren()
  if (held.length === 0) return
  const standing = new Set<string>()
  doc.descendants((node) => {
    if (node.type.name === 'recommendation') standing.add(node.attrs.id as string)
    return node.type.name !== 'recommendation'
  })
  const panel = document.createElement('section')
  panel.className = 'held-panel refused-panel'
  panel.setAttribute('aria-label', t('held.panelLabel'))
  const h = document.createElement('h2')
  h.textContent = t('held.panelTitle')
  const beside = held.filter((c) => standing.has(c.paragraphId)).length
  const intro = document.createElement('p')
  intro.textContent = beside > 0 ? t('held.beside', { count: beside }) : t('held.nothingLost')
  panel.append(h, intro)
  for (const change of held) if (!standing.has(change.paragraphId)) panel.append(heldItemElement(change, actions, false))
  host.append(panel)
}

/**
 * Inserts `change.text` as a new proposed recommendation of `delegation`: after its paragraph when
 * that stands in a topic, else at the end of the topic it stood in (or of the last topic).
 */
export function proposeAgain(view: EditorView, change: HeldChange, delegation: string): void {
  const { state } = view
  let insertAt = -1
  let topicEnd = -1
  let lastTopicEnd = -1
  state.doc.forEach((section, offset) => {
    if (section.type.name !== 'topic') return
    lastTopicEnd = offset + section.nodeSize - 1
    if (section.attrs.id === change.topicId) topicEnd = lastTopicEnd
    section.forEach((child, childOffset) => {
      if (child.type.name === 'recommendation' && child.attrs.id === change.paragraphId) insertAt = offset + 1 + childOffset + child.nodeSize
    })
  })
  const at = insertAt >= 0 ? insertAt : topicEnd >= 0 ? topicEnd : lastTopicEnd
  const node = schema.node('recommendation', { id: newId('r'), sponsors: [delegation] }, change.text ? schema.text(change.text) : undefined)
  view.dispatch(state.tr.insert(at, node).scrollIntoView())
}

/** What the server refused, kept across the reload that follows a refusal (this tab only). */
export interface RefusalNote {
  reason: string
  mine: { id: string; label: string; text: string; topicId: string | null }[]
}

const noteKey = (docId: string): string => `accord:refused:${docId}`

export function keepRefusal(docId: string, reason: string, doc: PMNode, table: NumberTable): void {
  const note: RefusalNote = { reason, mine: paragraphsOf(doc, table).map(keepable) }
  sessionStorage.setItem(noteKey(docId), JSON.stringify(note))
}

/** The note kept before the reload, if any; it is consumed (its wording then lives in `holdBack`). */
export function takeRefusal(docId: string): RefusalNote | null {
  const raw = sessionStorage.getItem(noteKey(docId))
  sessionStorage.removeItem(noteKey(docId))
  try {
    return raw ? (JSON.parse(raw) as RefusalNote) : null
  } catch {
    return null
  }
}

/** The refused note's paragraphs whose wording differs from what the server has. */
export function refusedChanges(note: RefusalNote, serverDoc: PMNode, now = new Date().toISOString()): HeldChange[] {
  const server = new Map(paragraphsOf(serverDoc).map((p) => [p.id, p.text]))
  return note.mine
    .filter((p) => p.text.trim() !== '' && server.get(p.id) !== p.text && keepable({ text: server.get(p.id) ?? '' }).text !== p.text)
    .map((p) => ({ paragraphId: p.id, label: p.label, text: p.text, why: t('held.refused', { reason: note.reason }), topicId: p.topicId, heldAt: now }))
}

function paragraphsOf(doc: PMNode, table: NumberTable = NO_NUMBERS): RefusalNote['mine'] {
  const topicOf = new Map<number, string | null>()
  doc.forEach((section, offset) => {
    section.forEach((_child, childOffset) => topicOf.set(offset + 1 + childOffset, section.type.name === 'topic' ? (section.attrs.id as string) : null))
  })
  return numberDocument(doc, table)
    .filter((n) => n.node.type.name === 'recommendation')
    .map((n) => ({ id: n.node.attrs.id as string, label: n.label, text: n.node.textContent, topicId: topicOf.get(n.pos) ?? null }))
}

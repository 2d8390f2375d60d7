/**
 * The rolling-document editor: ProseMirror bound to the Y.Doc by y-prosemirror, with remote
 * cursors, undo of one's own changes only, unique ids and the derived paragraph decorations.
 * Every change goes through the one `dispatchTransaction` (STYLE 1).
 */
import * as Y from 'yjs'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { ySyncPlugin, ySyncPluginKey, yCursorPlugin, yUndoPlugin, yUndoPluginKey, undo, redo } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import { t } from '../i18n.ts'
import { schema } from '../../../shared/schema.ts'
import { textOn } from '../../../shared/colors.ts'
import { uniqueIdsPlugin } from '../../../shared/ids.ts'
import { isLocked, readConsensusEntry, type ConsensusEntry } from '../../../shared/consensus.ts'
import type { DocumentRole } from '../../../shared/roles.ts'
import type { DraftingContext } from '../../../shared/commands/index.ts'
import type { SponsorshipRequest } from '../../../shared/sponsorship.ts'
import { type DraftingHooks, draftingActions, draftingKeymap, draftingToolbar } from './draftingToolbar.ts'
import { standingPanel } from './standingPanel.ts'
import { textOf, consensusOf, reservationsOf, commentsOf, metaOf } from '../../../shared/ydoc.ts'
import { numberTableOf } from '../../../shared/numbering.ts'
import { breakoutParagraphs, producedParagraphs, readBreakouts, type BreakoutInfo } from '../../../shared/breakouts.ts'
import { numberingPlugin, setNumberTable } from './numberingPlugin.ts'
import { readThread, type CommentThread } from '../../../shared/comments.ts'
import { commentsPanel, type CommentsPanelOptions } from './commentsPanel.ts'
import { commentAnchors, COMMENTS_CHANGED } from './commentAnchors.ts'
import { readReservations } from '../../../shared/reservations.ts'
import { paragraphDecorations, CONSENSUS_CHANGED, type BreakoutLookup, type ParagraphActions } from './paragraphDecorations.ts'
import { lockPlugin } from './lockPlugin.ts'
import { cleaningPlugin, type OwnNodeTest } from './cleaningPlugin.ts'
import { limitsPlugin } from './limitsPlugin.ts'
import { wholeBracketsPlugin } from './wholeBracketsPlugin.ts'
import { HELD_CHANGED, heldPlugin } from './heldPlugin.ts'
import type { HeldChange } from '../collab/reconnectPlan.ts'

export interface EditorHandle {
  view: EditorView
  /** Redraws the held-back wording beside its paragraphs (after it changed). */
  heldChanged(): void
  destroy(): void
}

export interface EditorOptions {
  /** False for observers: the editor shows everything live but accepts no typing. */
  editable: boolean
  /** Whether a Yjs client id is one of this member's own (SPEC R12: they may remove what it created). */
  isOwnClient: (clientId: number) => boolean
  /** The chair's paragraph buttons, or null for everyone else. */
  actions: ParagraphActions | null
  /** Called with the reason when the editor refused a local edit (locked paragraph, cleaning). */
  onBlocked: (why: string) => void
  /** Who drafts here (their delegation and role), and where the drafting toolbar goes. */
  drafting: { delegation: string; role: DocumentRole; toolbarHost: HTMLElement; sponsor(request: SponsorshipRequest): void }
  /** Where the status panel goes (SPEC C7). */
  standingHost: HTMLElement
  /** Comments (SPEC K1-K5): where the panel goes, who comments, and the server's commands. */
  comments: Omit<CommentsPanelOptions, 'ydoc' | 'threads'>
  /** Recording and withdrawing one's reservation (SPEC C8); null for observers. */
  reserve: { record(recId: string): void; withdraw(recId: string): void } | null
  /** The person's held-back wording (SPEC R15), drawn beside its paragraph by `render`. */
  held: { items(): HeldChange[]; render(change: HeldChange): HTMLElement }
}

export function createEditor(mount: HTMLElement, ydoc: Y.Doc, awareness: Awareness, options: EditorOptions): EditorHandle {
  const consensus = consensusOf(ydoc)
  const lookup = (id: string) => readConsensusEntry(consensus.get(id))
  const reservations = reservationsOf(ydoc)
  const meta = metaOf(ydoc)
  // SPEC B3: paragraphs in a running break-out are locked here too; read again when meta changes.
  let running: Map<string, BreakoutInfo> | null = null
  let produced: ReturnType<typeof producedParagraphs> | null = null
  const breakoutOf: BreakoutLookup = {
    running: (id) => (running ??= breakoutParagraphs(readBreakouts(meta.get('breakouts')))).get(id) ?? null,
    producedBy: (id) => (produced ??= producedParagraphs(readBreakouts(meta.get('breakouts')))).get(id) ?? null,
  }
  const frozenIn = (id: string): BreakoutInfo | null => {
    const b = breakoutOf.running(id)
    return b && !b.plenaryMayEdit ? b : null
  }
  const ctx: DraftingContext = {
    delegation: options.drafting.delegation,
    role: options.drafting.role,
    isLocked: (id) => isLocked(lookup(id)) || frozenIn(id) !== null,
  }
  const comments = commentsOf(ydoc)
  const threads = (): CommentThread[] => [...comments.values()].map(readThread).filter((t): t is CommentThread => t !== null)
  const panel = commentsPanel({ ...options.comments, ydoc, threads })
  const reserve = options.reserve
  const hooks: DraftingHooks = {
    sponsor: options.drafting.sponsor,
    comment: () => panel.focusCompose(),
    status: options.actions ? { lookup, run: options.actions.run } : null,
    explain: options.onBlocked,
    reserve: reserve
      ? {
          hasOwn: (id) => readReservations(reservations.get(id)).some((r) => r.delegation === options.drafting.delegation),
          record: reserve.record,
          withdraw: reserve.withdraw,
        }
      : null,
  }
  const actions = draftingActions(ctx, hooks)
  let view: EditorView | null = null
  const state = EditorState.create({
    schema,
    plugins: [
      // First: the plugins after it read the numbers in their state.
      numberingPlugin(numberTableOf(ydoc)),
      ySyncPlugin(textOf(ydoc)),
      yCursorPlugin(awareness, { cursorBuilder: cursorElement }),
      yUndoPlugin(),
      keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo }),
      draftingKeymap(actions, () => view, options.onBlocked),
      wholeBracketsPlugin((kept) =>
        options.onBlocked(t(kept === 'alternatives' ? 'editor.notice.splitAfterAlternatives' : 'editor.notice.splitAfterBracket')),
      ),
      keymap(baseKeymap),
      uniqueIdsPlugin({ isRemote: (tr) => tr.getMeta(ySyncPluginKey) !== undefined }),
      lockPlugin(lookup, options.drafting.role, options.onBlocked, frozenIn),
      cleaningPlugin(options.drafting.role, createdByOwnClient(options.isOwnClient), options.onBlocked),
      limitsPlugin(options.onBlocked),
      paragraphDecorations(
        lookup,
        options.actions,
        {
          of: (id) => readReservations(reservations.get(id)),
          mine: options.reserve
            ? { delegation: options.drafting.delegation, reserve: options.reserve.record, withdraw: options.reserve.withdraw }
            : null,
        },
        { openCount: (id) => threads().filter((t) => t.paragraphId === id && !t.resolved).length, commentOn: (id) => panel.commentOn(id) },
        breakoutOf,
      ),
      commentAnchors(ydoc, threads),
      panel.plugin,
      draftingToolbar(options.drafting.toolbarHost, actions, ctx, hooks),
      standingPanel(options.standingHost, lookup),
      heldPlugin(options.held.items, options.held.render),
    ],
  })
  view = new EditorView(mount, {
    state,
    attributes: {
      class: options.editable ? 'rolling-document' : 'rolling-document read-only',
      spellcheck: 'true',
      'aria-label': options.editable ? t('editor.documentLabel') : t('editor.documentLabelReadOnly'),
      // Read-only text takes no focus by itself; the skip link can still put focus there.
      ...(options.editable ? {} : { tabindex: '-1' }),
    },
    editable: () => options.editable,
    // `this`, not `view`: plugin views (y-prosemirror's binding) dispatch during construction.
    // After destroy, nothing: y-prosemirror's deferred cursor update (lib.js setMeta) still
    // dispatches to a view taken down by a refusal meanwhile, which threw 'matchesNode' (issue 14).
    dispatchTransaction(this: EditorView, tr) {
      if (this.isDestroyed) return
      this.updateState(this.state.apply(tr))
    },
  })
  const redraw = (): void => {
    if (view) view.dispatch(view.state.tr.setMeta(CONSENSUS_CHANGED, true).setMeta('addToHistory', false))
  }
  const onConsensus = (event: Y.YMapEvent<ConsensusEntry>): void => {
    // An undo could now reach into a paragraph that was just locked, which the server would
    // refuse: forget the undo history then, and only then (a reservation or a reopening keeps it).
    const locked = [...event.changes.keys.keys()].some((id) => isLocked(lookup(id)))
    if (locked && view) yUndoPluginKey.getState(view.state)?.undoManager.clear()
    redraw()
  }
  const onComments = (): void => {
    if (view) view.dispatch(view.state.tr.setMeta(COMMENTS_CHANGED, true).setMeta(CONSENSUS_CHANGED, true).setMeta('addToHistory', false))
  }
  const onMeta = (): void => {
    running = null
    produced = null
    // A revision was issued (V5): number under its table from now on. A break-out was created or
    // closed (B3): its paragraphs' badges and locks are drawn again.
    if (view) view.dispatch(setNumberTable(view.state.tr, numberTableOf(ydoc)).setMeta(CONSENSUS_CHANGED, true).setMeta('addToHistory', false))
  }
  consensus.observe(onConsensus)
  meta.observe(onMeta)
  reservations.observe(redraw)
  comments.observe(onComments)
  const created = view
  return {
    view: created,
    heldChanged() {
      created.dispatch(created.state.tr.setMeta(HELD_CHANGED, true).setMeta('addToHistory', false))
    },
    destroy() {
      consensus.unobserve(onConsensus)
      meta.unobserve(onMeta)
      reservations.unobserve(redraw)
      comments.unobserve(onComments)
      created.destroy()
    },
  }
}

/** A remote caret with the person's name in their colour (text, not colour alone, names them). */
function cursorElement(user: { name?: string; color?: string }): HTMLElement {
  const caret = document.createElement('span')
  caret.className = 'remote-caret'
  caret.dir = 'auto' // a name inside the text never decides the paragraph's direction
  caret.style.borderColor = user.color ?? '#555'
  const label = document.createElement('span')
  label.className = 'remote-caret-label'
  label.style.backgroundColor = user.color ?? '#555'
  // Some cursor colours are light: the name is black on them, white on the dark ones (4.5:1).
  label.style.color = textOn(user.color ?? '#555555')
  label.textContent = user.name ?? t('editor.someone')
  caret.append(label)
  return caret
}

/**
 * Which client created a node, from y-prosemirror's binding (the Y type each node was rendered
 * from). A node the binding does not know yet (made by the transaction being judged) counts as
 * not one's own: the editor is then stricter than the server, never looser.
 */
function createdByOwnClient(isOwnClient: (clientId: number) => boolean): OwnNodeTest {
  return (node, state) => {
    const ystate = ySyncPluginKey.getState(state) as { binding?: { mapping: Map<Y.AbstractType<unknown>, unknown> } } | undefined
    const mapping = ystate?.binding?.mapping
    if (!mapping) return false
    for (const [type, mapped] of mapping) {
      if (mapped === node) return type._item !== null && isOwnClient(type._item.id.client)
    }
    return false
  }
}

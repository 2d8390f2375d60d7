/**
 * The editor page of one document: title, connection state, notices, the editor, and the panel
 * that keeps refused text. The editor binds only once the document has content (from the server or
 * the offline copy), so a client never seeds content (SPEC Y2) nor binds to another schema (Y3).
 *
 * When the server refuses an update (4422), the page keeps what the person typed, drops the
 * local copy (IndexedDB included), reloads the server's state and holds the refused wording back
 * for the person (SPEC R7). Coming back with offline changes, only the wording of paragraphs
 * locked or removed meanwhile is held back (R15). Held-back wording stays in the browser until
 * the person proposes it again (a new recommendation, a comment) or discards it: nothing typed
 * silently vanishes.
 */
import { ownClients } from '../collab/ownClients.ts'
import { t, tHtml } from '../i18n.ts'
import { ApiError, failureMessage, getDocumentHere, changeStatus, changeSponsorship, setReservation, startThread, replyInThread, resolveThread, type DocumentHere, type DocumentInfo } from '../api.ts'
import { askText } from '../ui/askText.ts'
import { renderNoPlaceHere, renderNoSuchDocument } from './notFoundPage.ts'
import { presencePanel } from '../ui/presencePanel.ts'
import { MAX_RESERVATION_LENGTH, defaultReservationText } from '../../../shared/reservations.ts'
import { DocumentConnection } from '../collab/DocumentConnection.ts'
import { createEditor, type EditorHandle } from '../editor/createEditor.ts'
import { numberTableIn } from '../editor/numberingPlugin.ts'
import { revisionsPanel } from '../ui/revisionsPanel.ts'
import { breakoutsPanel } from '../ui/breakoutsPanel.ts'
import { renderConnectionIndicator } from '../ui/connectionIndicator.ts'
import { askForViews } from '../ui/annexDialog.ts'
import { heldItemElement, keepRefusal, proposeAgain, refusedChanges, renderHeldPanel, takeRefusal, type HeldActions } from '../ui/heldPanel.ts'
import { holdBack, keepReplay, readHeld, release } from '../collab/heldChanges.ts'
import type { HeldChange } from '../collab/reconnectPlan.ts'
import { isCompatible, textOf } from '../../../shared/ydoc.ts'
import { CloseCode } from '../../../shared/protocol.ts'
import { may, type DocumentRole } from '../../../shared/roles.ts'

import { decideStatus, legalActions, STATUS_ACTION_LABEL, type StatusAction } from '../../../shared/statusCommands.ts'
import { identityOf } from '../identity.ts'
import type { SessionInfo } from '../session.ts'
import type { ParagraphActions } from '../editor/paragraphDecorations.ts'

declare global {
  interface Window {
    /** Handles for tests and debugging in the console. */
    accord?: { connection: DocumentConnection; editor: () => EditorHandle | null }
  }
}

export async function openEditorPage(root: HTMLElement, docId: string, session: SessionInfo): Promise<void> {
  const { member } = session
  let info: DocumentInfo | null = null
  let here: DocumentHere | null = null
  try {
    ;({ document: info, here } = await getDocumentHere(docId))
  } catch (err) {
    // Offline: the browser's copy opens (without the document's name in the bar).
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return renderNoSuchDocument(root, docId)
  }
  if (here && here.role === null) return renderNoPlaceHere(root, here)
  // B4: who the person is in this document (a break-out's facilitator); offline, their role in the group.
  const role: DocumentRole = here?.role ?? member.role
  root.innerHTML = `
    <div class="doc-bar">
      <a href="/" class="back">${tHtml('editor.back')}</a>
      <h1 class="doc-bar-title" dir="auto"></h1>
      ${may(member.role, 'readRecords') ? `<a class="records-link" href="/documents/${encodeURIComponent(docId)}/records">${tHtml('editor.records')}</a>` : ''}
      <span class="connection" role="status" aria-live="polite"></span>
    </div>
    ${may(role, 'editText') ? '' : `<p class="notice read-only-notice">${tHtml('editor.readOnly')}</p>`}
    <div class="notice" role="alert" hidden></div>
    <div class="refused-host"></div>
    <details class="standing" open><summary><h2>${tHtml('editor.standing')}</h2></summary><div class="standing-body"></div></details>
    <details class="revisions"><summary><h2>${tHtml('revisions.heading')}</h2></summary><div class="revisions-body"></div></details>
    <details class="breakouts"${here?.breakout ? ' open' : ''}><summary><h2>${tHtml('breakouts.heading')}</h2></summary><div class="breakouts-body"></div></details>
    <div class="presence-host"></div>
    <div class="drafting-toolbar"></div>
    <div class="editor-layout">
      <div class="editor-host"><p class="loading">${tHtml('editor.loading')}</p></div>
      <aside class="comments" aria-label="${tHtml('editor.comments')}"><h2>${tHtml('editor.comments')}</h2><div class="comments-body"></div></aside>
    </div>`
  const titleEl = root.querySelector<HTMLElement>('.doc-bar-title')!
  const statusEl = root.querySelector<HTMLElement>('.connection')!
  const notice = root.querySelector<HTMLElement>('.notice:not(.read-only-notice)')!
  const refusedHost = root.querySelector<HTMLElement>('.refused-host')!
  const host = root.querySelector<HTMLElement>('.editor-host')!
  const toolbarHost = root.querySelector<HTMLElement>('.drafting-toolbar')!
  const standingHost = root.querySelector<HTMLElement>('.standing-body')!
  const commentsHost = root.querySelector<HTMLElement>('.comments-body')!
  const revisionsHost = root.querySelector<HTMLElement>('.revisions-body')!
  const breakoutsHost = root.querySelector<HTMLElement>('.breakouts-body')!

  if (info) {
    titleEl.textContent = info.title
    document.title = t('editor.pageTitle', { title: info.title })
  }

  const actions: ParagraphActions | null = may(role, 'changeStatus')
    ? {
        available: (rec, topicId, entry, label) =>
          legalActions(entry?.status ?? 'proposed').map((action) => {
            const decision = decideStatus(rec, entry, { action, views: ['-'], topicId, at: '' })
            return { action, why: decision.ok ? null : t('editor.cannot', { action: STATUS_ACTION_LABEL[action].toLowerCase(), label, reason: decision.reason }) }
          }),
        run: (recId, action) => void runCommand(recId, action),
        explain: (why) => showNotice(notice, why),
      }
    : null

  async function runCommand(recId: string, action: StatusAction): Promise<void> {
    let views: string[] | undefined
    if (action === 'moveToAnnex') {
      const asked = await askForViews()
      if (!asked) return
      views = asked
    }
    try {
      await changeStatus(docId, recId, action, views)
    } catch (err) {
      showNotice(notice, failureMessage(err, t('editor.what.statusChange')))
    }
  }

  let editor: EditorHandle | null = null
  let presence: { destroy(): void } | null = null
  let revisions: { destroy(): void } | null = null
  let breakouts: { destroy(): void } | null = null
  let conn: DocumentConnection
  let afterRefusal = takeRefusal(docId)
  if (afterRefusal) showNotice(notice, t('editor.notice.refused', { reason: afterRefusal.reason }))

  const heldActions: HeldActions = {
    propose: (change) => {
      if (!editor) return
      proposeAgain(editor.view, change, member.delegation)
      settleHeld(change)
    },
    comment: async (change) => {
      try {
        await startThread(docId, { paragraphId: change.paragraphId, anchor: null, quote: '', text: change.text })
        settleHeld(change)
      } catch (err) {
        showNotice(notice, failureMessage(err, t('editor.what.comment')))
      }
    },
    discard: (change) => settleHeld(change),
  }
  function showHeld(): void {
    if (!editor) return
    renderHeldPanel(refusedHost, readHeld(docId), editor.view.state.doc, heldActions)
    editor.heldChanged()
  }
  function settleHeld(change: HeldChange): void {
    release(docId, change)
    showHeld()
  }
  function keepHeld(changes: HeldChange[]): void {
    holdBack(docId, changes)
    showHeld()
    if (changes.length) showNotice(notice, t('editor.notice.heldBack', { reasons: changes.map((c) => c.why).join('; ') }))
  }

  /**
   * Takes the editor down before the copy it shows is dropped: the provider stops first, so no
   * update reaches a destroyed view (y-prosemirror then threw on its missing DOM, 'matchesNode').
   */
  function dropEditor(): void {
    conn.provider.disconnect()
    presence?.destroy()
    presence = null
    revisions?.destroy()
    breakouts?.destroy()
    revisions = null
    editor?.destroy()
    editor = null
  }

  function connect(): void {
    conn = new DocumentConnection(docId, identityOf(member), {
      onHeld: keepHeld,
      onReplay: async (update) => {
        keepReplay(docId, update)
        dropEditor()
        host.innerHTML = `<p class="loading">${tHtml('editor.notice.sendingOffline')}</p>`
        await conn.discardLocalCopy()
        location.reload()
      },
    })
    window.accord = { connection: conn, editor: () => editor }
    const tryBind = (): void => {
      if (editor || textOf(conn.doc).length === 0) return
      if (!isCompatible(conn.doc)) {
        showNotice(notice, t('editor.notice.newerVersion'))
        return
      }
      host.replaceChildren()
      editor = createEditor(host, conn.doc, conn.provider.awareness, {
        editable: may(role, 'editText'),
        isOwnClient: ownClients(member.id, docId, conn.doc.clientID).has,
        actions,
        onBlocked: (why) => showNotice(notice, why),
        drafting: {
          delegation: member.delegation,
          role,
          toolbarHost,
          sponsor: (request) => {
            changeSponsorship(docId, request).catch((err: unknown) => showNotice(notice, failureMessage(err, t('editor.what.sponsors'))))
          },
        },
        standingHost,
        comments: {
          host: commentsHost,
          me: { memberId: member.id, role },
          api: {
            start: (body) => startThread(docId, body),
            reply: (threadId, text) => replyInThread(docId, threadId, text),
            resolve: (threadId, resolved) => resolveThread(docId, threadId, resolved),
          },
          onError: (message) => showNotice(notice, message),
        },
        reserve: may(role, 'editText')
          ? {
              record: (recId) => {
                void askText(t('editor.reserveTitle'), t('editor.reserveLabel'), defaultReservationText(member.delegation), MAX_RESERVATION_LENGTH).then((text) => {
                  if (text) setReservation(docId, recId, text).catch((err: unknown) => showNotice(notice, failureMessage(err, t('editor.what.reservation'))))
                })
              },
              withdraw: (recId) => {
                setReservation(docId, recId, null).catch((err: unknown) => showNotice(notice, failureMessage(err, t('editor.what.withdrawal'))))
              },
            }
          : null,
        held: {
          items: () => readHeld(docId),
          // Drawn only beside a paragraph that stands (heldPlugin), so it may be commented on. (Asking
          // the editor here read no paragraph at all while the editor was being built: the button
          // said the paragraph was gone.)
          render: (change) => heldItemElement(change, heldActions, true),
        },
      })
      revisions?.destroy()
      revisions = revisionsPanel(revisionsHost, { docId, ydoc: conn.doc, mayIssue: may(role, 'issueRevision'), notice: (text) => showNotice(notice, text) })
      breakouts?.destroy()
      breakouts = breakoutsPanel(breakoutsHost, { docId, ydoc: conn.doc, role, groupId: info?.groupId ?? member.groupId, charter: here?.breakout ?? null, notice: (text) => showNotice(notice, text) })
      presence?.destroy()
      presence = presencePanel(root.querySelector<HTMLElement>('.presence-host')!, conn.provider.awareness, () => editor?.view ?? null, conn.doc, { name: member.displayName, delegation: member.delegation, role: member.role })
      showHeld()
      if (afterRefusal && conn.state.serverSynced) {
        holdBack(docId, refusedChanges(afterRefusal, editor.view.state.doc))
        afterRefusal = null
        showHeld()
      }
    }
    conn.onChange((state) => {
      renderConnectionIndicator(statusEl, state)
      if (state.status === 'closed') void onClosed(state.closedCode, state.closedReason ?? t('connection.closedByServer'))
      if (state.status === 'offline' && !editor && textOf(conn.doc).length === 0) {
        host.innerHTML = `<p class="loading">${tHtml('editor.notice.offlineNotStored')}</p>`
      }
      if (afterRefusal && editor && state.serverSynced) {
        holdBack(docId, refusedChanges(afterRefusal, editor.view.state.doc))
        afterRefusal = null
        showHeld()
      }
      tryBind()
    })
    conn.onRoleChanged((reason) => {
      showNotice(notice, t('editor.notice.roleChanged', { reason }))
      location.reload()
    })
    conn.local.on('synced', tryBind)
    conn.doc.on('update', tryBind)
  }

  async function onClosed(code: number | undefined, reason: string): Promise<void> {
    // Refused (a rule, a limit): keep what the person typed and start again from the server's state.
    if ((code === CloseCode.UpdateRejected || code === CloseCode.MessageTooBig) && editor) {
      // Keep what the person typed, forget the refused state (the browser's copy included) and
      // start again from the server's: a fresh page, so nothing of the refused state survives.
      keepRefusal(docId, reason, editor.view.state.doc, numberTableIn(editor.view.state))
      dropEditor()
      host.innerHTML = `<p class="loading">${tHtml('editor.notice.reloading')}</p>`
      await conn.discardLocalCopy()
      location.reload()
      return
    }
    editor?.view.setProps({ editable: () => false })
    const why =
      code === CloseCode.Unauthenticated
        ? t('editor.notice.signInAgain', { reason })
        : t('editor.notice.closed', { reason })
    showNotice(notice, why)
  }

  connect()
}

function showNotice(el: HTMLElement, text: string): void {
  el.textContent = text
  el.hidden = false
}

/**
 * The editor page of one document: header with title and connection state, then the editor.
 * The editor binds only once the document has content (from the server or the offline copy), so
 * a client never seeds content of its own (SPEC Y2) and never binds to another schema (Y3).
 */
import { getDocument, ApiError, type DocumentInfo } from '../api.ts'
import { DocumentConnection } from '../collab/DocumentConnection.ts'
import { createEditor, type EditorHandle } from '../editor/createEditor.ts'
import { renderConnectionIndicator } from '../ui/connectionIndicator.ts'
import { isCompatible, textOf } from '../../../shared/ydoc.ts'
import type { Identity } from '../identity.ts'

declare global {
  interface Window {
    /** Handles for tests and debugging in the console. */
    accord?: { connection: DocumentConnection; editor: () => EditorHandle | null }
  }
}

export async function openEditorPage(root: HTMLElement, docId: string, identity: Identity): Promise<void> {
  root.innerHTML = `
    <div class="doc-bar">
      <a href="/" class="back">← All documents</a>
      <h1 class="doc-bar-title"></h1>
      <span class="connection" role="status" aria-live="polite"></span>
    </div>
    <div class="notice" hidden></div>
    <div class="editor-host"><p class="loading">Loading the document…</p></div>`
  const titleEl = root.querySelector<HTMLElement>('.doc-bar-title')!
  const statusEl = root.querySelector<HTMLElement>('.connection')!
  const notice = root.querySelector<HTMLElement>('.notice')!
  const host = root.querySelector<HTMLElement>('.editor-host')!

  void loadTitle(docId).then((info) => {
    if (info) {
      titleEl.textContent = info.title
      document.title = `${info.title} · Accord`
    }
  })

  const conn = new DocumentConnection(docId, identity)
  let editor: EditorHandle | null = null
  window.accord = { connection: conn, editor: () => editor }

  const tryBind = (): void => {
    if (editor || textOf(conn.doc).length === 0) return
    if (!isCompatible(conn.doc)) {
      showNotice(notice, 'This document was written by a newer version of Accord. Reload the page to update.')
      return
    }
    host.replaceChildren()
    editor = createEditor(host, conn.doc, conn.provider.awareness)
  }
  conn.onChange((state) => {
    renderConnectionIndicator(statusEl, state)
    if (state.status === 'closed') {
      showNotice(notice, `The server closed the connection: ${state.closedReason}. Your text is kept in this browser.`)
    }
    if (state.status === 'offline' && !editor && textOf(conn.doc).length === 0) {
      host.innerHTML = '<p class="loading">You are offline and this document is not stored in this browser yet. It opens when you are back online.</p>'
    }
    tryBind()
  })
  conn.local.on('synced', tryBind)
  conn.doc.on('update', tryBind)
}

async function loadTitle(docId: string): Promise<DocumentInfo | null> {
  try {
    return await getDocument(docId)
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null
    return null // offline: the title comes back with the connection
  }
}

function showNotice(el: HTMLElement, text: string): void {
  el.textContent = text
  el.hidden = false
}

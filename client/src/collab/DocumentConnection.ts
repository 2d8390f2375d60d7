/**
 * The live link of one open document: the Y.Doc, its offline copy in IndexedDB (y-indexeddb),
 * the WebSocket provider and the connection state shown to the user.
 *
 * State model (one-way: events -> `state` -> listeners):
 * - `connected`    synced with the server; every local edit is sent as it happens.
 * - `connecting`   (re)connecting; edits are kept locally and sent on reconnect.
 * - `offline`      the browser is offline; edits are kept in IndexedDB.
 * - `closed`       the server refused this connection for good (reason shown); edits are kept.
 * `unsent` is true while local edits have been made that the server has not been sent yet; it
 * survives a reload (localStorage) because the edits do (IndexedDB).
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { ySyncPluginKey } from 'y-prosemirror'
import { COLLAB_PATH, SCHEMA_PARAM } from '../../../shared/protocol.ts'
import { SCHEMA_VERSION } from '../../../shared/schema.ts'
import type { Identity } from '../identity.ts'

export type LinkStatus = 'connecting' | 'connected' | 'offline' | 'closed'

export interface ConnectionState {
  status: LinkStatus
  unsent: boolean
  /** Set when the server closed the connection for good. */
  closedReason?: string
  /** True once the server has sent the document at least once in this page. */
  serverSynced: boolean
}

export class DocumentConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly local: IndexeddbPersistence
  state: ConnectionState
  private readonly listeners = new Set<(s: ConnectionState) => void>()
  private readonly unsentKey: string

  constructor(
    readonly docId: string,
    identity: Identity,
  ) {
    this.unsentKey = `accord:unsent:${docId}`
    this.state = {
      status: navigator.onLine ? 'connecting' : 'offline',
      unsent: localStorage.getItem(this.unsentKey) === '1',
      serverSynced: false,
    }
    this.local = new IndexeddbPersistence(`accord:${docId}`, this.doc)
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`
    this.provider = new WebsocketProvider(wsUrl, docId, this.doc, {
      params: { [SCHEMA_PARAM]: String(SCHEMA_VERSION) },
      connect: navigator.onLine,
    })
    this.provider.awareness.setLocalStateField('user', { name: identity.name, color: identity.color })

    this.provider.on('status', ({ status }) => {
      if (this.state.status === 'closed') return
      if (status === 'connected') return // wait for 'sync' to call it connected
      this.update({ status: navigator.onLine ? 'connecting' : 'offline' })
    })
    this.provider.on('sync', (synced: boolean) => {
      if (!synced || this.state.status === 'closed') return
      this.setUnsent(false)
      this.update({ status: 'connected', serverSynced: true })
    })
    this.provider.on('closed', (event: { code: number; reason: string }) => {
      this.update({ status: 'closed', closedReason: event.reason || `closed by the server (code ${event.code})` })
    })
    this.doc.on('update', this.onLocalUpdate)
    window.addEventListener('offline', this.onOffline)
    window.addEventListener('online', this.onOnline)
  }

  onChange(listener: (s: ConnectionState) => void): () => void {
    this.listeners.add(listener)
    listener(this.state)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    window.removeEventListener('offline', this.onOffline)
    window.removeEventListener('online', this.onOnline)
    this.provider.destroy()
    void this.local.destroy()
    this.doc.destroy()
  }

  private readonly onLocalUpdate = (_update: Uint8Array, origin: unknown): void => {
    // Only edits made in this page count: remote updates come from the provider, restored ones
    // from IndexedDB.
    if (origin !== ySyncPluginKey) return
    if (this.state.status !== 'connected') this.setUnsent(true)
  }

  // The browser knows it is offline before the socket times out: stop trying until it is back.
  private readonly onOffline = (): void => {
    this.provider.disconnect()
    if (this.state.status !== 'closed') this.update({ status: 'offline' })
  }

  private readonly onOnline = (): void => {
    if (this.state.status === 'closed') return
    this.update({ status: 'connecting' })
    this.provider.connect()
  }

  private setUnsent(unsent: boolean): void {
    if (unsent) localStorage.setItem(this.unsentKey, '1')
    else localStorage.removeItem(this.unsentKey)
    if (this.state.unsent !== unsent) this.update({ unsent })
  }

  private update(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch }
    for (const l of this.listeners) l(this.state)
  }
}

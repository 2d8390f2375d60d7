/**
 * The live link of one open document: the Y.Doc, its offline copy in IndexedDB (y-indexeddb),
 * the WebSocket provider and the connection state shown to the user.
 *
 * State model (one-way: events -> `state` -> listeners):
 * - `connected`    synced with the server; every local edit is sent as it happens.
 * - `connecting`   (re)connecting; edits are kept locally and sent on reconnect.
 * - `offline`      the browser is offline; edits are kept in IndexedDB.
 * - `closed`       the server closed this connection for good (reason and code shown); edits are kept.
 * `unsent` is true while local edits have been made that the server has not been sent yet; it
 * survives a reload (localStorage) because the edits do (IndexedDB).
 *
 * Coming back with unsent edits (SPEC R15), the page does not offer them blindly: it reads the
 * server's state first (`GET .../state`) and plans (`planReconnect`). When nothing they touch was
 * locked meanwhile they go as they are; otherwise the page hands a replay built on the server's
 * state to `onReplay` (which keeps it, drops this copy and reloads), and the wording held back to
 * `onHeld`. A replay kept by the previous page is applied once the server's state has arrived.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { ySyncPluginKey } from 'y-prosemirror'
import { COLLAB_PATH, SCHEMA_PARAM, CloseCode, MessageType } from '../../../shared/protocol.ts'
import * as decoding from 'lib0/decoding'
import { SCHEMA_VERSION } from '../../../shared/schema.ts'
import type { Identity } from '../identity.ts'
import { ApiError, getDocumentState } from '../api.ts'
import { planReconnect, type HeldChange } from './reconnectPlan.ts'
import { clearReplay, pendingReplay } from './heldChanges.ts'
import { t } from '../i18n.ts'

export interface ReconnectHooks {
  /** Wording the server would not take, to keep for the person. */
  onHeld(held: HeldChange[]): void
  /** Offline changes must be replayed on the server's state: keep `update`, drop this copy, reload. */
  onReplay(update: Uint8Array): Promise<void>
}

/** The origin of a replay applied on the server's state (sent like any local edit). */
export const REPLAY_ORIGIN = Symbol('accord-replay')

export type LinkStatus = 'connecting' | 'connected' | 'offline' | 'closed'

export interface ConnectionState {
  status: LinkStatus
  unsent: boolean
  /** Set when the server closed the connection for good. */
  closedReason?: string
  closedCode?: number
  /** True once the server has sent the document at least once in this page. */
  serverSynced: boolean
}

export class DocumentConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly local: IndexeddbPersistence
  state: ConnectionState
  private readonly listeners = new Set<(s: ConnectionState) => void>()
  private readonly roleListeners = new Set<(reason: string) => void>()
  private deniedReason: string | undefined
  private readonly unsentKey: string
  private reconciling = false
  private destroyed = false

  constructor(
    readonly docId: string,
    identity: Identity,
    private readonly hooks: ReconnectHooks,
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
      // With unsent edits, the server's state is read and the edits planned first (reconcile).
      connect: navigator.onLine && !this.state.unsent,
      // Tabs must not trade updates behind the server's back: the server judges every update
      // against what it has, and one built on a neighbour tab's unsent change would be refused.
      disableBc: true,
      // ws closes frames far over the limit with 1009; resending them would loop, so stop too.
      shouldReconnect: (event) => !(event.code >= 4400 && event.code < 4500) && event.code !== 1009,
    })
    this.provider.awareness.setLocalStateField('user', { name: identity.name, color: identity.color })

    this.provider.on('status', ({ status }) => {
      if (this.state.status === 'closed') return
      if (status === 'connected') return // wait for 'sync' to call it connected
      this.update({ status: navigator.onLine ? 'connecting' : 'offline' })
    })
    this.provider.on('sync', (synced: boolean) => {
      if (!synced || this.state.status === 'closed') return
      const replay = pendingReplay(docId)
      if (replay) {
        // Built on an earlier state of the server, which this page now has: it integrates.
        clearReplay(docId)
        Y.applyUpdate(this.doc, replay, REPLAY_ORIGIN)
      }
      this.setUnsent(false)
      this.update({ status: 'connected', serverSynced: true })
    })
    this.provider.on('closed', (event: { code: number; reason: string }) => {
      this.update({
        status: 'closed',
        closedCode: event.code,
        closedReason: this.deniedReason ?? (event.reason || t('connection.closedWithCode', { code: event.code })),
      })
    })
    this.provider.on('connection-close', (event) => {
      if (event?.code === CloseCode.RoleChanged) for (const l of this.roleListeners) l(event.reason)
    })
    // y-protocols' auth message carries the full reason of a refusal, before the close.
    patchPermissionDenied(this.provider, (reason) => {
      this.deniedReason = reason
    })
    this.doc.on('update', this.onLocalUpdate)
    window.addEventListener('offline', this.onOffline)
    window.addEventListener('online', this.onOnline)
    if (this.state.unsent) void this.local.whenSynced.then(() => this.reconcile())
  }

  /**
   * Reads the server's state and offers the unsent edits as `planReconnect` says; retried while the
   * server cannot be reached. Only one runs at a time.
   */
  private async reconcile(): Promise<void> {
    if (this.reconciling || this.destroyed) return
    this.reconciling = true
    try {
      let wait = 1000
      while (!this.destroyed && this.state.status !== 'closed') {
        if (this.state.status !== 'offline') this.update({ status: 'connecting' })
        let state: Uint8Array
        try {
          state = await getDocumentState(this.docId)
        } catch (err) {
          if (err instanceof ApiError && err.status !== 0) {
            this.update({ status: 'closed', closedCode: err.status, closedReason: err.message })
            return
          }
          await new Promise((resolve) => setTimeout(resolve, wait))
          wait = Math.min(wait * 2, 10_000)
          continue
        }
        if (this.destroyed) return
        const plan = planReconnect(this.doc, state)
        if (plan.held.length) this.hooks.onHeld(plan.held)
        if (plan.kind === 'replay') {
          await this.hooks.onReplay(plan.update)
          return
        }
        this.provider.connect()
        return
      }
    } finally {
      this.reconciling = false
    }
  }

  onChange(listener: (s: ConnectionState) => void): () => void {
    this.listeners.add(listener)
    listener(this.state)
    return () => this.listeners.delete(listener)
  }

  /** Called when the server says this person's role changed (the provider reconnects by itself). */
  onRoleChanged(listener: (reason: string) => void): void {
    this.roleListeners.add(listener)
  }

  /** Forgets this document's copy in the browser (IndexedDB and the unsent flag), then destroys. */
  async discardLocalCopy(): Promise<void> {
    localStorage.removeItem(this.unsentKey)
    this.provider.disconnect()
    this.doc.off('update', this.onLocalUpdate)
    await this.local.destroy()
    // y-indexeddb's clearData does not wait for the deletion; the next page state must not see the old copy.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(this.local.name)
      request.onsuccess = () => resolve()
      request.onerror = () => reject(request.error)
    })
    this.destroy()
  }

  destroy(): void {
    this.destroyed = true
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
    if (this.state.status === 'connected') return
    this.setUnsent(true)
    // The provider would offer this edit blindly when its socket comes back: plan it first.
    if (this.provider.shouldConnect && this.state.status !== 'closed') {
      this.provider.disconnect()
      void this.reconcile()
    }
  }

  // The browser knows it is offline before the socket times out: stop trying until it is back.
  private readonly onOffline = (): void => {
    this.provider.disconnect()
    if (this.state.status !== 'closed') this.update({ status: 'offline' })
  }

  private readonly onOnline = (): void => {
    if (this.state.status === 'closed') return
    this.update({ status: 'connecting' })
    if (this.state.unsent) void this.reconcile()
    else this.provider.connect()
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

/**
 * y-websocket handles the auth message by logging it; we also want its reason (the close reason is
 * cut at 123 bytes). Wraps the provider's handler for message type Auth.
 */
function patchPermissionDenied(provider: WebsocketProvider, onDenied: (reason: string) => void): void {
  const handlers = (provider as unknown as { messageHandlers: Array<(...args: unknown[]) => void> }).messageHandlers
  const original = handlers[MessageType.Auth]
  handlers[MessageType.Auth] = (encoder, decoder, ...rest) => {
    const peek = decoding.clone(decoder as decoding.Decoder)
    if (decoding.readVarUint(peek) === 0) onDenied(decoding.readVarString(peek))
    original?.(encoder, decoder, ...rest)
  }
}

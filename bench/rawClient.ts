/**
 * A light participant for the many passive connections of a load test: the y-websocket wire
 * protocol over `ws`. It does what a WebsocketProvider does on the wire: sync step 1 on open, a
 * sync step 2 in answer to the server's step 1, its awareness state on open and again every 15 s.
 * Updates it receives after the initial sync are counted and dropped instead of applied, so that
 * one load-generating process can hold thousands of them. The server cannot tell the difference.
 *
 * Given a Y.Doc (a light typist), it applies the server's sync step 2 to it once, and sends every
 * local change of that doc as an update message, as a provider would; it still does not apply
 * other people's updates (its inserts are positioned in its own, older view: ordinary concurrent
 * edits for Yjs).
 */
import WS from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

const MSG_SYNC = 0
const MSG_AWARENESS = 1
const SYNC_STEP1 = 0
const SYNC_STEP2 = 1
const SYNC_UPDATE = 2
/** Y.encodeStateAsUpdate(new Y.Doc()) and Y.encodeStateVector(new Y.Doc()). */
const EMPTY_UPDATE = new Uint8Array([0, 0])
const EMPTY_STATE_VECTOR = new Uint8Array([0])
const AWARENESS_RENEW_MS = 15_000

function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MSG_SYNC)
  encoding.writeVarUint(enc, type)
  encoding.writeVarUint8Array(enc, payload)
  return encoding.toUint8Array(enc)
}

const live = new Set<RawClient>()
let renewTimer: NodeJS.Timeout | null = null
const RENEW_CHECK_MS = 250

/** Renews each live client's awareness when its turn comes (phases are random, as in a real meeting). */
function renewDue(): void {
  const now = performance.now()
  for (const client of live) client.renewIfDue(now)
}

export class RawClient {
  readonly ws: WS
  readonly synced: Promise<void>
  /** Update messages received (sync update or step 2 after the first). */
  updates = 0
  closedUnexpectedly = false
  private isSynced = false
  private readonly clientId = Math.floor(Math.random() * 0xffffffff)
  private awarenessClock = 0
  /** When the awareness state is due for renewal: a random phase, then every 15 s. */
  private renewAt = performance.now() + Math.random() * AWARENESS_RENEW_MS
  private closing = false

  constructor(
    url: string,
    private readonly name: string,
    headers: Record<string, string> = {},
    readonly doc: Y.Doc | null = null,
  ) {
    this.ws = new WS(url, { perMessageDeflate: false, headers })
    doc?.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.ws.readyState === WS.OPEN) this.ws.send(syncMessage(SYNC_UPDATE, update))
    })
    let resolveSynced: () => void = () => {}
    let rejectSynced: (err: Error) => void = () => {}
    this.synced = new Promise<void>((resolve, reject) => {
      resolveSynced = resolve
      rejectSynced = reject
    })
    this.ws.on('open', () => {
      this.ws.send(syncMessage(SYNC_STEP1, EMPTY_STATE_VECTOR))
      this.sendAwareness()
      live.add(this)
      renewTimer ??= setInterval(renewDue, RENEW_CHECK_MS)
    })
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (decoding.readVarUint(decoder) !== MSG_SYNC) return
      const type = decoding.readVarUint(decoder)
      if (type === SYNC_STEP1) this.ws.send(syncMessage(SYNC_STEP2, EMPTY_UPDATE))
      else if (type === SYNC_STEP2) {
        if (this.doc && !this.isSynced) Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder), this)
        this.isSynced = true
        resolveSynced()
      } else if (type === SYNC_UPDATE) this.updates++
    })
    this.ws.on('error', (err) => rejectSynced(err))
    this.ws.on('close', (code) => {
      live.delete(this)
      if (!this.closing) {
        this.closedUnexpectedly = true
        rejectSynced(new Error(`${this.name}: closed with code ${code} before syncing`))
      }
    })
  }

  close(): void {
    this.closing = true
    live.delete(this)
    if (live.size === 0 && renewTimer) {
      clearInterval(renewTimer)
      renewTimer = null
    }
    this.ws.close()
  }

  renewIfDue(now: number): void {
    if (now < this.renewAt) return
    this.renewAt = now + AWARENESS_RENEW_MS
    this.sendAwareness()
  }

  private sendAwareness(): void {
    if (this.ws.readyState !== WS.OPEN) return
    const update = encoding.createEncoder()
    encoding.writeVarUint(update, 1)
    encoding.writeVarUint(update, this.clientId)
    encoding.writeVarUint(update, ++this.awarenessClock)
    encoding.writeVarString(update, JSON.stringify({ user: { name: this.name } }))
    const msg = encoding.createEncoder()
    encoding.writeVarUint(msg, MSG_AWARENESS)
    encoding.writeVarUint8Array(msg, encoding.toUint8Array(update))
    this.ws.send(encoding.toUint8Array(msg))
  }
}

/**
 * Gives a room of the reference server its initial content, as Accord's server does for its own
 * documents: sends `update`, then asks for the server's state and waits for the answer (the
 * server handles a connection's frames in order, so the answer proves the update was applied).
 */
export function seedRoom(url: string, update: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WS(url, { perMessageDeflate: false })
    ws.on('open', () => {
      ws.send(syncMessage(SYNC_UPDATE, update))
      ws.send(syncMessage(SYNC_STEP1, EMPTY_STATE_VECTOR))
    })
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (decoding.readVarUint(decoder) !== MSG_SYNC) return
      const type = decoding.readVarUint(decoder)
      if (type === SYNC_STEP1) ws.send(syncMessage(SYNC_STEP2, EMPTY_UPDATE))
      else if (type === SYNC_STEP2) {
        ws.close()
        resolve()
      }
    })
    ws.on('error', reject)
  })
}

/**
 * One loaded document and the clients connected to it (SPEC P1-P6, S1).
 *
 * Guarantees:
 * - An update from a client is applied to the authoritative Y.Doc, then held until the hub has
 *   committed it to storage; only then is it sent to anyone else (`afterCommit`).
 * - While uncommitted updates exist, every reply that carries document content waits for the same
 *   commit, so no client ever sees state that a crash could lose.
 * - Awareness is relayed at once, to everyone including the sender (the y-websocket client
 *   reconnects after 30 s of silence; the echo keeps idle connections alive).
 * - A client's update reaches the authoritative document only after the guard accepted, as a
 *   whole, what it did to the shadow copy (SPEC R1-R8); a refused update is not applied, stored or
 *   sent (UpdateRefused).
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MessageType, CloseCode } from '../../shared/protocol.ts'
import { STORAGE_ORIGIN, assertNever, isOrigin, type Origin } from '../../shared/origins.ts'
import { ProtocolError, type Logger } from './types.ts'
import { readVarUint, readVarUint8Array, updateMessage } from './frames.ts'
import type { Connection, Participant } from './Connection.ts'
import { GuardFailure, ShadowDoc, type ShadowResult } from './ShadowDoc.ts'
import { charsIn, judgeTransaction, type GuardContext, type SponsorRestore } from './UpdateGuard.ts'
import { documentTooLong, updateTooLarge, type TextLimits } from '../../shared/limits.ts'
import { gateAwareness, judgeClaim, presenceOwner, type AwarenessClaim, type AwarenessEntry } from './awarenessGate.ts'
import { may } from '../../shared/roles.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'
import { consensusOf, metaOf, outputState, textOf } from '../../shared/ydoc.ts'
import { paragraphLabels } from '../../shared/numbering.ts'
import { SponsorMemory, elementOfKey, type SponsorIndex } from './sponsorIndex.ts'
import type { IssuedRevision, UpdateEntry } from '../storage/DocumentStore.ts'
import { frozenParagraphs, readBreakouts, readCharter, roleInDocument, type BreakoutInfo, type DocumentAccess } from '../../shared/breakouts.ts'

interface PendingUpdate {
  update: Uint8Array
  origin: Origin
  author?: { memberId: string; newClientIds: readonly number[]; paragraphs: readonly string[] }
  /** The command this server write carries out, audited with it (R10). */
  command?: { memberId: string; detail: Record<string, unknown> }
  /** The revision it issues (V2). */
  revision?: IssuedRevision
  /** The document it creates (B2), in the same commit. */
  creates?: UpdateEntry['creates']
}

/** Thrown when the guard refuses an update; the hub quarantines it and closes with UpdateRejected. */
export class UpdateRefused extends ProtocolError {
  constructor(reason: string, code: number = CloseCode.UpdateRejected) {
    super(code, reason)
    this.name = 'UpdateRefused'
  }
}

export interface RoomHooks {
  /** Called when the room holds updates that must be committed; the hub batches the commit. */
  markDirty(room: Room): void
  /** Runs a task after the current turn of the event loop. */
  schedule(fn: () => void): void
  /** Audits a command that changed nothing in the document (those that did are audited with their update). */
  recordCommand(room: Room, memberId: string, detail: Record<string, unknown>): void
  /** Stores that a member's presence first showed this Yjs client id (SPEC R8). */
  bindClient(room: Room, clientId: number, memberId: string): void
  /**
   * The room met an internal error it cannot vouch for (a listener threw, a write came under an
   * unknown origin): the hub stores what was accepted and reloads the room from storage.
   */
  failed(room: Room, error: unknown): void
  /** The size limits of the text (R16). */
  limits: TextLimits
  logger: Logger
  /** Closes one connection with `code`, telling its client why (B4: no place in this break-out). */
  closeConnection(room: Room, conn: Connection, code: number, reason: string): void
}

export class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  private readonly conns = new Set<Connection>()
  private readonly shadow = new ShadowDoc()
  private roomState: 'loading' | 'ready' | 'closed' = 'loading'
  /** An internal error was met; the hub drops the room at the end of this turn. */
  failing = false
  /** Updates in the log since the last snapshot; compaction resets it. */
  private log = 0
  /** Yjs client id -> member id (SPEC R8); loaded with the document, extended as updates commit. */
  private clientOwners = new Map<number, string>()
  /** Every delegation that has sponsored something here since the document loaded (R13). */
  private readonly sponsors = new SponsorMemory()
  /** The command being applied, for its pending entry's audit row. */
  private commanding: PendingUpdate['command'] | undefined
  /** The accepted update being applied to the authoritative document, for its pending entry. */
  private applying: PendingUpdate['author'] | undefined
  private pending: PendingUpdate[] = []
  /** Characters in the text, counted when first needed and kept up by accepted updates (R16). */
  private textChars: number | null = null
  private readonly awarenessChanged = new Set<number>()
  private outbox: [Connection, Uint8Array][] = []

  constructor(
    readonly id: string,
    private readonly hooks: RoomHooks,
  ) {
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** Applies the stored history. Called once by the hub's load queue. */
  load(updates: readonly Uint8Array[], logLength: number, clientOwners: Map<number, string> = new Map()): void {
    this.doc.transact(() => {
      for (const u of updates) Y.applyUpdate(this.doc, u, STORAGE_ORIGIN)
    }, STORAGE_ORIGIN)
    this.shadow.reset()
    // Listening only now: Yjs encodes an update for every listener, and the history loaded above
    // is already stored.
    this.doc.on('update', this.onDocUpdate)
    this.log = logLength
    this.clientOwners = clientOwners
    this.roomState = 'ready'
  }

  /** Loading until `load`, ready after, closed for good after `close`. */
  get state(): 'loading' | 'ready' | 'closed' {
    return this.roomState
  }

  /** Updates stored since the last snapshot. */
  get logLength(): number {
    return this.log
  }

  /** The hub stored a snapshot of everything: the log is empty again. */
  compacted(): void {
    this.log = 0
  }

  /** The open connections (a copy: callers may close them while iterating). */
  get connections(): readonly Connection[] {
    return [...this.conns]
  }

  /** The member a Yjs client id is bound to in this document (R8), if any. */
  ownerOf(clientId: number): string | undefined {
    return this.clientOwners.get(clientId)
  }

  /** How many Yjs client ids are bound in this document (R8). */
  get boundClients(): number {
    return this.clientOwners.size
  }

  get connectionCount(): number {
    return this.conns.size
  }

  has(conn: Connection): boolean {
    return this.conns.has(conn)
  }

  /** Adds a connection; it is greeted once the document is ready. */
  /** B4: who `who` is in this document, from its charter (a break-out's), or why they have no place here. */
  access(who: Pick<Participant, 'memberId' | 'role' | 'delegation'>): DocumentAccess {
    return roleInDocument(readCharter(metaOf(this.doc).get('breakout')), who)
  }

  /**
   * The charter changed (a break-out closed): everyone whose rights changed reconnects with the new
   * ones, as after a change of role.
   */
  private recheckAccess(): void {
    for (const conn of [...this.conns]) {
      const access = this.access(conn.participant)
      if (access.ok && access.role === conn.role) continue
      const reason = access.ok ? `break-out group ${readCharter(metaOf(this.doc).get('breakout'))?.number ?? ''} is closed: its document is read only now` : access.reason
      this.hooks.closeConnection(this, conn, access.ok ? CloseCode.RoleChanged : CloseCode.Forbidden, reason)
    }
  }

  join(conn: Connection): void {
    this.conns.add(conn)
    if (this.roomState === 'ready') this.greet(conn)
  }

  /**
   * Greets a connection once the document is ready: our state vector (only to those who may write,
   * so an observer's client never answers with a step 2), then who is here.
   */
  greet(conn: Connection): void {
    const access = this.access(conn.participant)
    if (!access.ok) {
      this.hooks.closeConnection(this, conn, CloseCode.Forbidden, access.reason)
      return
    }
    conn.role = access.role
    if (may(conn.role, 'editText')) {
      const step1 = encoding.createEncoder()
      encoding.writeVarUint(step1, MessageType.Sync)
      syncProtocol.writeSyncStep1(step1, this.doc)
      this.sendContent(conn, encoding.toUint8Array(step1))
    }
    const states = this.awareness.getStates()
    if (states.size > 0) conn.send(this.awarenessMessage([...states.keys()]))
  }

  /**
   * Handles one frame from `conn`. Throws ProtocolError for anything malformed or unknown; the
   * caller closes only that connection.
   */
  receive(conn: Connection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data)
    const type = readVarUint(decoder)
    switch (type) {
      case MessageType.Sync:
        this.receiveSync(conn, decoder)
        break
      case MessageType.Awareness: {
        const update = gateAwareness(readVarUint8Array(decoder), conn.participant, (e) => this.claimAwareness(conn, e))
        if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn)
        break
      }
      case MessageType.QueryAwareness:
        conn.send(this.awarenessMessage([...this.awareness.getStates().keys()]))
        break
      default:
        throw new ProtocolError(CloseCode.MalformedMessage, `unknown message type ${type}`)
    }
    if (decoding.hasContent(decoder)) {
      throw new ProtocolError(CloseCode.MalformedMessage, 'trailing bytes after message')
    }
  }

  private receiveSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = readVarUint(decoder)
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = readVarUint8Array(decoder)
        let diff: Uint8Array
        try {
          diff = Y.encodeStateAsUpdate(this.doc, stateVector)
        } catch (err) {
          throw new ProtocolError(CloseCode.MalformedMessage, `bad state vector: ${errorMessage(err)}`)
        }
        const msg = encoding.createEncoder()
        encoding.writeVarUint(msg, MessageType.Sync)
        encoding.writeVarUint(msg, syncProtocol.messageYjsSyncStep2)
        encoding.writeVarUint8Array(msg, diff)
        this.sendContent(conn, encoding.toUint8Array(msg))
        break
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        this.receiveUpdate(conn, readVarUint8Array(decoder))
        break
      }
      default:
        throw new ProtocolError(CloseCode.MalformedMessage, `unknown sync message type ${syncType}`)
    }
  }

  private receiveUpdate(conn: Connection, bytes: Uint8Array): void {
    const { participant } = conn
    const { limits } = this.hooks
    if (bytes.byteLength > limits.updateBytes) throw new UpdateRefused(updateTooLarge(bytes.byteLength, limits))
    this.sponsors.seed(textOf(this.doc))
    let sponsorIndex: SponsorIndex | undefined
    let labels: Map<string, string> | undefined
    let frozen: Map<string, BreakoutInfo> | undefined
    const context: GuardContext = {
      memberId: participant.memberId,
      role: conn.role,
      delegation: participant.delegation,
      sponsorsBefore: () => (sponsorIndex ??= this.sponsors.index(textOf(this.doc))),
      ownerOf: (clientId) => this.clientOwners.get(clientId) ?? presenceOwner(conn, clientId, this.conns),
      consensusOf: (id) => readConsensusEntry(consensusOf(this.doc).get(id)),
      labelOf: (id) => (labels ??= paragraphLabels(this.doc)).get(id) ?? 'a new paragraph',
      frozenIn: (id) => (frozen ??= frozenParagraphs(readBreakouts(metaOf(this.doc).get('breakouts')))).get(id) ?? null,
      limits,
    }
    let result: ShadowResult
    try {
      // V1 only, never merge/diff/V2 on client bytes (yjs issue 687); and on the shadow first.
      result = this.shadow.apply(bytes, conn.origin, this.doc, (tr) => judgeTransaction(tr, context))
    } catch (err) {
      if (err instanceof GuardFailure) throw err // ours: the hub closes with InternalError, not "malformed"
      throw new ProtocolError(CloseCode.MalformedMessage, `update could not be applied: ${errorMessage(err)}`)
    }
    // A dangling update is refused too (it could smuggle what it depends on past the guard), but
    // an honest client can send one after a socket died under its previous update: close so that
    // it reconnects and resyncs (sync step 2 then carries both), rather than stopping it for good.
    if (!result.ok) throw new UpdateRefused(result.reason, result.dangling ? CloseCode.ResyncRequired : CloseCode.UpdateRejected)
    if (result.charDelta > 0) {
      const chars = (this.textChars ??= charsIn(textOf(this.doc))) + result.charDelta
      if (chars > limits.documentChars) {
        this.shadow.reset() // it holds the refused update
        throw new UpdateRefused(documentTooLong(chars, limits))
      }
    }
    for (const id of result.newClientIds) this.clientOwners.set(id, participant.memberId)
    result.updates.forEach((update, i) => {
      this.applying = {
        memberId: participant.memberId,
        newClientIds: i === 0 ? result.newClientIds : [],
        paragraphs: result.paragraphs,
      }
      try {
        Y.applyUpdate(this.doc, update, conn.origin)
      } finally {
        this.applying = undefined
      }
    })
    if (this.textChars !== null) this.textChars += result.charDelta
    this.noteSponsors(result.sponsorsSeen)
    if (result.sponsorRestores.length) this.restoreSponsors(result.sponsorRestores, participant.memberId)
  }

  /**
   * Carries out a server command's writes (SPEC R10, STYLE 14): in one transaction under the
   * server's origin, audited with `detail` in the same storage commit as the update they produce
   * (or on their own when they change nothing). The only way server code writes for a person.
   */
  applyCommand(
    memberId: string,
    detail: Record<string, unknown>,
    write: () => void,
    attach: { revision?: Omit<IssuedRevision, 'state' | 'memberId'>; creates?: UpdateEntry['creates'] } = {},
  ): void {
    const issues = attach.revision
    const before = this.pending.length
    const charter = metaOf(this.doc).get('breakout')
    this.commanding = { memberId, detail }
    try {
      this.doc.transact(write, { source: 'server', reason: 'command', memberId })
    } finally {
      this.commanding = undefined
    }
    // B4: a charter changed by this command (a break-out closed) changes who may do what here.
    if (metaOf(this.doc).get('breakout') !== charter) this.hooks.schedule(() => this.recheckAccess())
    if (this.pending.length === before) {
      if (issues) throw new Error(`issuing revision ${issues.number} of document ${this.id} wrote nothing`)
      if (attach.creates) throw new Error(`creating document ${attach.creates.document.id} from ${this.id} wrote nothing`)
      this.hooks.recordCommand(this, memberId, detail)
      return
    }
    // V2: the revision is the state with the command applied, stored in the commit of its update.
    const last = this.pending[this.pending.length - 1]!
    if (issues) last.revision = { ...issues, memberId, state: outputState(this.doc) }
    // B2: a document the command creates is stored with the update that records it.
    if (attach.creates) last.creates = attach.creates
  }

  /** Names delegations as having sponsored something here (R13). */
  noteSponsors(names: Iterable<string>): void {
    this.sponsors.note(names)
  }

  /**
   * R13: an accepted edit left other sponsors on existing text (an element the editor reused, with
   * what it knew while offline); the server puts back the sponsors recorded under that id.
   */
  private restoreSponsors(restores: readonly SponsorRestore[], memberId: string): void {
    const origin: Origin = { source: 'server', reason: 'correction', memberId }
    this.doc.transact(() => {
      for (const { key, sponsors } of restores) {
        elementOfKey(textOf(this.doc), key)?.setAttribute('sponsors', sponsors as unknown as string)
      }
    }, origin)
  }

  /** R9 (`judgeClaim` decides), and R8: a presence the connection may speak for binds its id. */
  private claimAwareness(conn: Connection, entry: AwarenessEntry): AwarenessClaim {
    const claim = judgeClaim(conn, entry, this.conns, (id) => this.clientOwners.get(id), (id) => this.awareness.meta.get(id)?.clock ?? -1)
    // The id is this member's from now on, also for their edits, also after they leave: nobody
    // can take it over to write first and lock them out of their own offline edits.
    if (claim === 'own' && entry.state !== null && !this.clientOwners.has(entry.clientId)) {
      this.clientOwners.set(entry.clientId, conn.participant.memberId)
      this.hooks.bindClient(this, entry.clientId, conn.participant.memberId)
    }
    return claim
  }

  /** Removes a connection and the awareness states it controlled (and no other connection renewed). */
  leave(conn: Connection): void {
    this.conns.delete(conn)
    const ids = [...conn.awarenessIds].filter((id) => ![...this.conns].some((c) => c.awarenessIds.has(id)))
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null)
  }

  get hasPending(): boolean {
    return this.pending.length > 0
  }

  /** The uncommitted updates, for the hub to store. */
  pendingEntries(): UpdateEntry[] {
    return this.pending.map((p) => ({
      docId: this.id,
      update: p.update,
      ...(p.author ? { author: p.author } : {}),
      ...(p.command ? { command: p.command } : {}),
      ...(p.revision ? { revision: p.revision } : {}),
      ...(p.creates ? { creates: p.creates } : {}),
    }))
  }

  /** The hub committed `pendingEntries()`: release them and everything that waited for them. */
  afterCommit(): void {
    const pending = this.pending
    const outbox = this.outbox
    this.pending = []
    this.outbox = []
    this.log += pending.length
    for (const { update, origin } of pending) {
      const msg = updateMessage(update)
      for (const conn of this.conns) {
        if (origin.source === 'connection' && origin.connectionId === conn.id) continue
        conn.send(msg)
      }
    }
    for (const [conn, msg] of outbox) conn.send(msg)
  }

  /** Closes every connection with `code` and frees the document. */
  close(code: number, reason: string): void {
    this.roomState = 'closed'
    for (const conn of this.conns) {
      conn.closed = true
      conn.socket.close(code, reason)
    }
    this.conns.clear()
    this.pending = []
    this.outbox = []
    this.awareness.destroy()
    this.shadow.destroy()
    this.doc.destroy()
  }

  private sendContent(conn: Connection, msg: Uint8Array): void {
    if (this.pending.length > 0) this.outbox.push([conn, msg])
    else conn.send(msg)
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const enc = encoding.createEncoder()
    encoding.writeVarUint(enc, MessageType.Awareness)
    encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
    return encoding.toUint8Array(enc)
  }

  /**
   * Never throws: an exception in a Yjs `update` listener stops Yjs's transaction cleanup, after
   * which the document emits no update again (the room would look alive and store nothing).
   */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    try {
      this.queueUpdate(update, origin)
    } catch (err) {
      this.hooks.failed(this, err)
    }
  }

  private queueUpdate(update: Uint8Array, origin: unknown): void {
    // Yjs cleans up duplicate formatting after applying a remote change, in a transaction of its
    // own with no origin, before applyUpdate returns: part of the client's update, stored and sent.
    if (origin === null && this.applying) origin = { source: 'server', reason: 'cleanup', memberId: this.applying.memberId } satisfies Origin
    if (!isOrigin(origin)) throw new Error(`a write to document ${this.id} came under an unknown origin`)
    const o = origin
    switch (o.source) {
      case 'storage':
        return
      case 'server':
        this.textChars = null // recounted when next needed
        this.shadow.mirror(update)
        this.pending.push(this.commanding ? { update, origin: o, command: this.commanding } : { update, origin: o })
        this.hooks.markDirty(this)
        return
      case 'connection':
        this.pending.push(this.applying ? { update, origin: o, author: this.applying } : { update, origin: o })
        this.hooks.markDirty(this)
        return
      default:
        assertNever(o)
    }
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = origin as Connection | null
    if (conn && this.conns.has(conn)) {
      // `updated` too: a client that reconnects before its old connection is noticed dead
      // renews its state on the new one, which must then own it.
      for (const id of added) conn.awarenessIds.add(id)
      for (const id of updated) conn.awarenessIds.add(id)
      for (const id of removed) conn.awarenessIds.delete(id)
    }
    const changed = [...added, ...updated, ...removed]
    if (changed.length === 0) return
    // One message per turn of the event loop for all the changes in it: presence renewals that
    // arrive together (a room reconnecting after a restart) go out together.
    const first = this.awarenessChanged.size === 0
    for (const id of changed) this.awarenessChanged.add(id)
    if (first) this.hooks.schedule(() => this.sendAwareness())
  }

  private sendAwareness(): void {
    if (this.roomState === 'closed' || this.awarenessChanged.size === 0) return
    const msg = this.awarenessMessage([...this.awarenessChanged])
    this.awarenessChanged.clear()
    for (const c of this.conns) c.send(msg)
  }

  /** Builds the shadow ahead of the first edit (off the path of the load and the first sync). */
  warmShadow(): void {
    if (this.roomState !== 'ready') return
    this.shadow.prepare(this.doc)
    this.sponsors.seed(textOf(this.doc))
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

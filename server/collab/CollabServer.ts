/**
 * The transport-agnostic collaboration core: rooms, the load queue and the group commit.
 *
 * Guarantees (SPEC S1, S3, S4, P1-P6):
 * - A document loads on its first connection, through a queue (one load per turn of the event
 *   loop, so a crowd reconnecting after a restart cannot stall the server); frames that arrive
 *   meanwhile wait, bounded.
 * - Every update accepted in one turn of the event loop, across all documents, is committed in
 *   one storage transaction before any of them is sent to another client (group commit).
 * - When the last client leaves, the room is flushed, compacted and unloaded.
 * - A frame that is malformed, unknown or too large closes only its own connection, with a named
 *   close code and reason.
 */
import * as Y from 'yjs'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { SCHEMA_VERSION } from '../../shared/schema.ts'
import type { DocumentStore, UpdateEntry } from '../storage/DocumentStore.ts'
import * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import { Connection, type Participant } from './Connection.ts'
import { Room, type RoomHooks } from './Room.ts'
import { GuardFailure } from './ShadowDoc.ts'
import { carryOut, parseCommand, type Actor, type CommandOutcome } from './commands.ts'
import { DEFAULT_LIMITS, type TextLimits } from '../../shared/limits.ts'
import { ProtocolError, silentLogger, type CollabSocket, type Logger, type Scheduler } from './types.ts'

/** At most this much of a refused frame is kept in quarantine. */
export const QUARANTINE_MAX_BYTES = 64 * 1024

export interface CollabServerOptions {
  store: DocumentStore
  logger?: Logger
  /** Largest frame accepted, in bytes (default 8 MiB). Larger frames close the connection. */
  maxMessageBytes?: number
  /** Compact a document's log into one snapshot once it holds this many updates (default 2000). */
  compactAfter?: number
  /** Frames a connection may send before its document has loaded (default 64). */
  maxBufferedMessages?: number
  /** Size limits of the text (R16; default DEFAULT_LIMITS). */
  limits?: Partial<TextLimits>
  schedule?: Scheduler
  /**
   * How long a document loaded for a command or a read (`withDocument`) stays loaded while nobody
   * is connected (default 30 s): a chair issuing revisions or agreeing paragraphs of a document
   * nobody has open does not load and compact it each time on the event loop, which would pause
   * everyone else's typing.
   */
  idleUnloadMs?: number
  /** Runs `fn` once after `ms`; returns how to cancel it (default: an unref'd setTimeout). */
  later?: (fn: () => void, ms: number) => () => void
  /** A member by id, with their group (a break-out's facilitator, B1); default: nobody. */
  memberOf?: (memberId: string) => (Participant & { groupId: string }) | null
}

export interface ConnectParams {
  /** Who is connecting, from their session: the transport authenticated them before this call. */
  participant: Participant
  /** The schema version the client runs, from the connection URL; undefined if not given. */
  schemaVersion?: number
}

/** What the transport holds for one open connection. */
export interface ConnectionHandle {
  /** Feed one received frame. Never throws. */
  receive(data: Uint8Array): void
  /** The transport closed (or lost) the socket. Idempotent. */
  closed(): void
}

export class CollabServer {
  readonly rooms = new Map<string, Room>()
  private readonly store: DocumentStore
  private readonly logger: Logger
  private readonly maxMessageBytes: number
  private readonly compactAfter: number
  private readonly maxBuffered: number
  private readonly schedule: Scheduler
  private readonly dirty = new Set<Room>()
  private flushScheduled = false
  private readonly loadQueue: Room[] = []
  private loadScheduled = false
  private stopped = false
  private readonly roomHooks: RoomHooks
  private readonly idleUnloadMs: number
  private readonly later: (fn: () => void, ms: number) => () => void
  /** Rooms loaded by a command and nobody's since, with how to cancel their unload. */
  private readonly idle = new Map<Room, () => void>()
  private readonly memberOf: (memberId: string) => (Participant & { groupId: string }) | null

  constructor(options: CollabServerOptions) {
    this.store = options.store
    this.logger = options.logger ?? silentLogger
    this.maxMessageBytes = options.maxMessageBytes ?? 8 * 1024 * 1024
    this.compactAfter = options.compactAfter ?? 2000
    this.maxBuffered = options.maxBufferedMessages ?? 64
    this.schedule = options.schedule ?? ((fn) => setImmediate(fn))
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000
    this.memberOf = options.memberOf ?? (() => null)
    this.later =
      options.later ??
      ((fn, ms) => {
        const timer = setTimeout(fn, ms)
        timer.unref()
        return () => clearTimeout(timer)
      })
    this.roomHooks = {
      markDirty: (room) => this.markDirty(room),
      schedule: this.schedule,
      logger: this.logger,
      failed: (room, error) => this.failRoom(room, error),
      recordCommand: (room, memberId, detail) => this.store.recordCommand({ docId: room.id, memberId, detail }),
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      closeConnection: (room, conn, code, reason) => {
        if (code === CloseCode.Forbidden) conn.send(permissionDenied(reason))
        this.closeConnection(room, conn, code, reason)
      },
      bindClient: (room, clientId, memberId) => {
        try {
          this.store.bindClient(room.id, clientId, memberId)
        } catch (err) {
          // The binding still holds in memory for the room's lifetime.
          this.logger.error('could not store a client binding', { docId: room.id, error: String(err) })
        }
      },
    }
  }

  /** Attaches a socket to document `docId`. Refusals close the socket with a named code. */
  connect(socket: CollabSocket, docId: string, params: ConnectParams): ConnectionHandle {
    const conn = new Connection(socket, docId, params.participant)
    const refuse = (code: number, reason: string): ConnectionHandle => {
      conn.closed = true
      socket.close(code, reason)
      return { receive() {}, closed() {} }
    }
    if (this.stopped) return refuse(CloseCode.GoingAway, 'server is shutting down')
    if (params.schemaVersion !== undefined && params.schemaVersion !== SCHEMA_VERSION) {
      return refuse(
        CloseCode.SchemaMismatch,
        `this page runs document schema ${params.schemaVersion}, the server runs ${SCHEMA_VERSION}: reload the page`,
      )
    }
    if (!this.store.getDocument(docId)) return refuse(CloseCode.DocumentNotFound, `no document ${docId}`)

    let room = this.rooms.get(docId)
    if (!room) {
      room = new Room(docId, this.roomHooks)
      this.rooms.set(docId, room)
      this.enqueueLoad(room)
    }
    room.join(conn)

    const target = room
    return {
      receive: (data) => this.receive(target, conn, data),
      closed: () => this.disconnect(target, conn),
    }
  }

  /** Commits every pending update now and releases what waited for it. Safe to call any time. */
  flush(): void {
    this.flushScheduled = false
    if (this.dirty.size === 0) return
    const rooms = [...this.dirty]
    this.dirty.clear()
    const entries: UpdateEntry[] = []
    for (const room of rooms) entries.push(...room.pendingEntries())
    try {
      this.store.appendUpdates(entries)
    } catch (err) {
      // Nothing of this batch is durable. Drop the rooms: their clients still hold the updates
      // and send them again when they reconnect to a freshly loaded document.
      this.logger.error('storage commit failed', { error: String(err), docs: rooms.map((r) => r.id) })
      for (const room of rooms) this.dropRoom(room, CloseCode.InternalError, 'the server could not store your changes; reconnecting')
      return
    }
    for (const room of rooms) {
      room.afterCommit()
      if (room.logLength >= this.compactAfter) this.compact(room)
    }
  }

  /** Stops accepting, commits everything, closes every connection (1001) and compacts. */
  close(): void {
    this.stopped = true
    this.flush()
    for (const room of [...this.rooms.values()]) {
      if (room.state === 'ready' && room.logLength > 0) this.compact(room)
      this.dropRoom(room, CloseCode.GoingAway, 'server is restarting')
    }
  }

  private receive(room: Room, conn: Connection, data: Uint8Array): void {
    if (conn.closed) return
    try {
      if (data.byteLength > this.maxMessageBytes) {
        throw new ProtocolError(
          CloseCode.MessageTooBig,
          `frame of ${data.byteLength} bytes exceeds the limit of ${this.maxMessageBytes}`,
        )
      }
      if (room.state === 'loading') {
        if (conn.buffered.length >= this.maxBuffered) {
          throw new ProtocolError(CloseCode.TooManyMessages, 'too many messages before the document loaded')
        }
        conn.buffered.push(data)
        return
      }
      room.receive(conn, data)
    } catch (err) {
      if (err instanceof GuardFailure) {
        // A bug in the guard: the authoritative document is untouched, so only this connection is
        // closed, as retryable; the frame is kept so that the bug can be replayed.
        const quarantineId = this.quarantine(room, conn, err.message, data)
        this.logger.error('the guard failed; closing the connection as an internal error', {
          docId: room.id,
          connection: conn.id,
          member: conn.participant.memberId,
          quarantineId,
          error: err.cause instanceof Error ? (err.cause.stack ?? err.cause.message) : String(err.cause),
        })
        this.closeConnection(room, conn, CloseCode.InternalError, 'the server failed to judge your change; reconnecting')
        return
      }
      if (!(err instanceof ProtocolError)) {
        // Our fault, not the sender's: never a terminal close for an honest client (it retries).
        this.failRoom(room, err, conn)
        return
      }
      const code = err.code
      const reason = err.message
      // A resync is not a refusal: the sender sends the same change again, whole, once reconnected.
      const refused = code !== CloseCode.ResyncRequired
      this.logger[refused ? 'warn' : 'info']('closing connection', { docId: room.id, connection: conn.id, member: conn.participant.memberId, code, reason })
      if (refused && code !== CloseCode.MessageTooBig && code !== CloseCode.TooManyMessages) this.quarantine(room, conn, reason, data)
      // Tell the client why before the close (the close reason is cut at 123 bytes).
      if (code === CloseCode.UpdateRejected || code === CloseCode.Forbidden || code === CloseCode.ResyncRequired) {
        conn.send(permissionDenied(reason))
      }
      this.closeConnection(room, conn, code, reason)
    }
  }

  /**
   * Closes every connection of `memberId` (revocation: Unauthenticated; role change: RoleChanged,
   * after which the client reconnects with its new rights). Returns how many were closed.
   */
  disconnectMember(memberId: string, code: number, reason: string): number {
    return this.disconnectWhere((p) => p.memberId === memberId, code, reason)
  }

  /** Closes every connection whose participant matches; returns how many were closed. */
  disconnectWhere(match: (p: Participant) => boolean, code: number, reason: string): number {
    let n = 0
    for (const room of [...this.rooms.values()]) {
      for (const conn of room.connections) {
        if (!match(conn.participant)) continue
        this.closeConnection(room, conn, code, reason)
        n++
      }
    }
    return n
  }

  /** Every participant with an open connection (once per connection). */
  participants(): Participant[] {
    return [...this.rooms.values()].flatMap((room) => room.connections.map((c) => c.participant))
  }

  /**
   * Runs `fn` on the loaded document `docId`, loading it now if needed, then commits what it wrote
   * before returning, and unloads the document again if nobody is connected. For server commands.
   */
  withDocument<T>(docId: string, fn: (room: Room) => T): T {
    let room = this.rooms.get(docId)
    if (!room) {
      room = new Room(docId, this.roomHooks)
      this.rooms.set(docId, room)
      this.loadRoom(room)
    } else if (room.state === 'loading') {
      const i = this.loadQueue.indexOf(room)
      if (i >= 0) this.loadQueue.splice(i, 1)
      this.loadRoom(room)
    }
    if (room.state !== 'ready') throw new Error(`document ${docId} could not be loaded`)
    try {
      return fn(room)
    } finally {
      this.flush()
      if (room.connectionCount === 0 && this.rooms.get(docId) === room) this.unloadWhenIdle(room)
    }
  }

  /** Unloads `room` once it has stayed without connections for `idleUnloadMs` (the timer restarts). */
  private unloadWhenIdle(room: Room): void {
    this.idle.get(room)?.()
    this.idle.set(
      room,
      this.later(() => {
        this.idle.delete(room)
        if (room.connectionCount === 0 && this.rooms.get(room.id) === room) this.unload(room)
      }, this.idleUnloadMs),
    )
  }

  /**
   * An internal error in `room`: logged, then, after this turn (never inside a Yjs transaction),
   * what it accepted is committed and the room is dropped with InternalError, so that its clients
   * reconnect to a copy freshly loaded from storage instead of a room that stopped storing.
   */
  private failRoom(room: Room, error: unknown, conn?: Connection): void {
    this.logger.error('internal error in a document; reloading it', {
      docId: room.id,
      connection: conn?.id,
      member: conn?.participant.memberId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
    if (room.failing) return
    room.failing = true
    this.schedule(() => {
      if (this.rooms.get(room.id) !== room) return
      this.flush()
      if (this.rooms.get(room.id) === room) this.dropRoom(room, CloseCode.InternalError, 'the server met an internal error; reconnecting')
    })
  }

  /**
   * Runs a command for `actor` on document `docId` (SPEC R10, STYLE 14): judged by its schema,
   * decided and applied by its module on the loaded document, committed with its audit row before
   * this returns. The one entry for the HTTP routes, the CLI and tests. `actor.role` is their role
   * in the group; the command acts with their role in this document (B4).
   */
  runCommand(docId: string, actor: Actor, input: unknown): CommandOutcome {
    const parsed = parseCommand(input)
    if (!parsed.ok) return parsed
    const groupId = this.store.getDocument(docId)?.groupId ?? ''
    const env = { groupId, memberOf: this.memberOf, now: new Date(), withDocument: <T>(id: string, fn: (room: Room) => T): T => this.withDocument(id, fn) }
    return this.withDocument(docId, (room) => {
      // B4: the actor as they are in this document (a break-out's facilitator), or refused.
      const access = room.access(actor)
      if (!access.ok) return { ok: false, refusal: 'forbidden', reason: access.reason }
      return carryOut(room, { ...actor, role: access.role }, parsed.command, env)
    })
  }

  /** Keeps a refused frame (bounded); its quarantine id, or null when it could not be stored. */
  private quarantine(room: Room, conn: Connection, reason: string, data: Uint8Array): number | null {
    // Bounded: a hostile member reconnecting in a loop must not fill the disk with whole frames.
    const kept = data.byteLength > QUARANTINE_MAX_BYTES ? data.slice(0, QUARANTINE_MAX_BYTES) : data
    const note = kept === data ? reason : `${reason} (first ${QUARANTINE_MAX_BYTES} of ${data.byteLength} bytes kept)`
    try {
      return this.store.quarantine({ docId: room.id, memberId: conn.participant.memberId, reason: note, data: kept })
    } catch (err) {
      this.logger.error('could not quarantine a refused frame', { docId: room.id, error: String(err) })
      return null
    }
  }

  private closeConnection(room: Room, conn: Connection, code: number, reason: string): void {
    if (conn.closed) return
    conn.closed = true
    // A close reason is at most 123 bytes on the wire.
    conn.socket.close(code, truncateReason(reason))
    this.disconnect(room, conn)
  }

  private disconnect(room: Room, conn: Connection): void {
    conn.closed = true
    if (!room.has(conn)) return
    room.leave(conn)
    if (room.connectionCount === 0 && this.rooms.get(room.id) === room) this.unload(room)
  }

  private unload(room: Room): void {
    if (room.state === 'ready') {
      if (room.hasPending) this.flush()
      if (this.rooms.get(room.id) !== room) return // the flush failed and dropped it
      if (room.logLength > 0) this.compact(room)
    }
    this.dropRoom(room, CloseCode.GoingAway, 'document unloaded')
  }

  private dropRoom(room: Room, code: number, reason: string): void {
    this.idle.get(room)?.()
    this.idle.delete(room)
    this.dirty.delete(room)
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    const i = this.loadQueue.indexOf(room)
    if (i >= 0) this.loadQueue.splice(i, 1)
    room.close(code, reason)
  }

  private compact(room: Room): void {
    try {
      this.store.compact(room.id, Y.encodeStateAsUpdate(room.doc))
      room.compacted()
    } catch (err) {
      // The log is intact (the transaction rolled back); compaction is retried later.
      this.logger.error('compaction failed', { docId: room.id, error: String(err) })
    }
  }

  private markDirty(room: Room): void {
    this.dirty.add(room)
    if (!this.flushScheduled) {
      this.flushScheduled = true
      this.schedule(() => this.flush())
    }
  }

  private enqueueLoad(room: Room): void {
    this.loadQueue.push(room)
    if (!this.loadScheduled) {
      this.loadScheduled = true
      this.schedule(() => this.loadNext())
    }
  }

  private loadNext(): void {
    this.loadScheduled = false
    const room = this.loadQueue.shift()
    if (room) this.loadRoom(room)
    if (this.loadQueue.length > 0) {
      this.loadScheduled = true
      this.schedule(() => this.loadNext())
    }
  }

  private loadRoom(room: Room): void {
    try {
      const history = this.store.loadHistory(room.id)
      room.load(history.updates, history.logLength, history.clientOwners)
    } catch (err) {
      this.logger.error('document load failed', { docId: room.id, error: String(err) })
      this.dropRoom(room, CloseCode.InternalError, 'the document could not be loaded')
      return
    }
    for (const conn of room.connections) {
      if (conn.closed) continue
      room.greet(conn)
      const frames = conn.buffered.splice(0)
      for (const frame of frames) this.receive(room, conn, frame)
    }
    this.schedule(() => room.warmShadow())
  }
}

/** y-protocols' auth message "permission denied" with the full reason. */
function permissionDenied(reason: string): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Auth)
  authProtocol.writePermissionDenied(enc, reason)
  return encoding.toUint8Array(enc)
}

function truncateReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason)
  if (bytes.length <= 123) return reason
  return new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '') + '...'
}

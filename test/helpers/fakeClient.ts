/**
 * Drives CollabServer without a network: an in-memory socket that records what the server sends,
 * and a client that speaks the y-websocket protocol with its own Y.Doc. Nothing is delivered to
 * the client until the test calls `pump()`, so tests decide exactly when messages are read.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MessageType } from '../../shared/protocol.ts'
import { textOf } from '../../shared/ydoc.ts'
import { CollabServer, type CollabServerOptions, type ConnectParams, type ConnectionHandle } from '../../server/collab/CollabServer.ts'
import type { CollabSocket, Scheduler } from '../../server/collab/types.ts'
import type { Participant } from '../../server/collab/Connection.ts'
import { colorOf } from '../../shared/colors.ts'
import { MemoryStore } from '../../server/storage/MemoryStore.ts'
import type { LoadedHistory, UpdateEntry } from '../../server/storage/DocumentStore.ts'
import { initialState } from '../../server/documents/initialState.ts'
import { schema } from '../../shared/schema.ts'

export class FakeSocket implements CollabSocket {
  readonly sent: Uint8Array[] = []
  closeCode: number | null = null
  closeReason = ''
  /** Called for every frame the server sends, at the moment it sends it. */
  onSend: ((data: Uint8Array) => void) | null = null

  send(data: Uint8Array): void {
    if (this.closeCode !== null) throw new Error('send on a closed socket')
    this.sent.push(data)
    this.onSend?.(data)
  }

  close(code: number, reason: string): void {
    if (this.closeCode !== null) return
    this.closeCode = code
    this.closeReason = reason
  }
}

/** A scheduler whose tasks run only when the test says so. */
export function manualScheduler(): { schedule: Scheduler; run(): number; readonly pending: number } {
  const tasks: (() => void)[] = []
  return {
    schedule: (fn) => void tasks.push(fn),
    /** Runs every task, including tasks scheduled meanwhile; returns how many ran. */
    run() {
      let n = 0
      while (tasks.length > 0) {
        tasks.shift()!()
        n++
      }
      return n
    },
    get pending() {
      return tasks.length
    },
  }
}

const REMOTE = Symbol('remote')

/** What a frame from the server is: `sync-step1`, `sync-step2`, `sync-update`, `awareness` ... */
export function frameKind(frame: Uint8Array): string {
  const d = decoding.createDecoder(frame)
  const type = decoding.readVarUint(d)
  if (type === MessageType.Sync) return ['sync-step1', 'sync-step2', 'sync-update'][decoding.readVarUint(d)] ?? 'sync-?'
  if (type === MessageType.Awareness) return 'awareness'
  return `type-${type}`
}

export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Sync)
  syncProtocol.writeSyncStep1(enc, doc)
  return encoding.toUint8Array(enc)
}

export function updateFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Sync)
  syncProtocol.writeUpdate(enc, update)
  return encoding.toUint8Array(enc)
}

/**
 * Reads one frame from the server into `doc` and `awareness`, as y-websocket's provider does, under
 * `origin`; returns the sync reply to send back, if the frame asks for one.
 */
export function readServerFrame(frame: Uint8Array, doc: Y.Doc, awareness: awarenessProtocol.Awareness, origin: unknown): Uint8Array | null {
  const decoder = decoding.createDecoder(frame)
  const type = decoding.readVarUint(decoder)
  if (type === MessageType.Sync) {
    const reply = encoding.createEncoder()
    encoding.writeVarUint(reply, MessageType.Sync)
    syncProtocol.readSyncMessage(decoder, reply, doc, origin)
    return encoding.length(reply) > 1 ? encoding.toUint8Array(reply) : null
  }
  if (type === MessageType.Awareness) awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), origin)
  return null
}

export function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Awareness)
  encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(enc)
}

/** Who a FakeClient is unless the test says otherwise: a member, who may edit text. */
export const DEFAULT_PARTICIPANT: Participant = Object.freeze({
  memberId: 'm-test',
  displayName: 'Test Member',
  delegation: 'Testland',
  role: 'member',
})

/** The `user` field the server stamps on every awareness state of `participant` (SPEC R9). */
export function stampedUser(participant: Participant = DEFAULT_PARTICIPANT): Record<string, string> {
  return {
    name: participant.displayName,
    delegation: participant.delegation,
    role: participant.role,
    color: colorOf(participant.memberId),
  }
}

/** Connection parameters; `participant` defaults to DEFAULT_PARTICIPANT. */
export type FakeConnectParams = Partial<ConnectParams>

export class FakeClient {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly socket = new FakeSocket()
  readonly handle: ConnectionHandle
  private read = 0

  /** `initial`: state this client already holds (say, from an earlier connection). */
  constructor(collab: CollabServer, docId: string, params: FakeConnectParams = { schemaVersion: 1 }, initial?: Uint8Array) {
    this.awareness.setLocalState(null)
    if (initial) Y.applyUpdate(this.doc, initial, REMOTE)
    // Like WebsocketProvider: every local change is sent at once.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && this.socket.closeCode === null) this.handle.receive(updateFrame(update))
    })
    this.handle = collab.connect(this.socket, docId, { participant: DEFAULT_PARTICIPANT, ...params })
    // Like WebsocketProvider: sync step 1 as soon as the socket is open.
    if (!this.closed) this.sync()
  }

  get closed(): boolean {
    return this.socket.closeCode !== null
  }

  /** Frames received and not yet pumped. */
  get unread(): Uint8Array[] {
    return this.socket.sent.slice(this.read)
  }

  /** Sends sync step 1 (our state vector), as a provider does when it connects. */
  sync(): void {
    this.send(syncStep1Frame(this.doc))
  }

  send(frame: Uint8Array): void {
    this.handle.receive(frame)
  }

  /** Reads every frame received so far, applies it and answers as y-websocket's provider does. */
  pump(): void {
    while (this.read < this.socket.sent.length) {
      const reply = readServerFrame(this.socket.sent[this.read++]!, this.doc, this.awareness, REMOTE)
      if (reply && !this.closed) this.send(reply)
    }
  }

  /** The whole document as XML (empty before the first sync). */
  text(): string {
    return textOf(this.doc).toString()
  }

  /** Appends `s` to the first recommendation's text (sent to the server at once). Needs a synced doc. */
  type(s: string): void {
    const t = firstRecommendationText(this.doc)
    t.insert(t.length, s)
  }

  /** Announces a presence state, as a provider does. */
  setPresence(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state)
    this.send(awarenessFrame(this.awareness, [this.doc.clientID]))
  }

  /** The transport reports the socket closed. */
  disconnect(): void {
    this.handle.closed()
    this.destroy()
  }

  destroy(): void {
    this.awareness.destroy()
  }
}

/** The Y.XmlText of the first recommendation of the first topic (see `harnessContent`). */
export function firstRecommendationText(doc: Y.Doc): Y.XmlText {
  const topic = textOf(doc).get(1) as Y.XmlElement
  const rec = topic.get(1) as Y.XmlElement
  return rec.get(0) as Y.XmlText
}

/** A small rolling document: one topic with one recommendation `r1` reading `Start:`. */
export function harnessContent(): Uint8Array {
  const n = schema.nodes
  return initialState(
    n.doc.create(null, [
      n.title.create(null, schema.text('Doc')),
      n.topic.create({ id: 't1' }, [n.topicHeading.create(null, schema.text('Topic')), n.recommendation.create({ id: 'r1' }, schema.text('Start:'))]),
      n.annex.create(),
    ]),
  )
}

/** MemoryStore that counts its commits and can be told to fail the next append, load or compaction. */
export class CountingStore extends MemoryStore {
  readonly appendCalls: UpdateEntry[][] = []
  failNextAppend = false
  failNextLoad = false
  failNextCompact = false

  override loadHistory(docId: string): LoadedHistory {
    if (this.failNextLoad) {
      this.failNextLoad = false
      throw new Error('disk I/O error')
    }
    return super.loadHistory(docId)
  }

  override compact(docId: string, snapshot: Uint8Array): void {
    if (this.failNextCompact) {
      this.failNextCompact = false
      throw new Error('disk I/O error')
    }
    super.compact(docId, snapshot)
  }

  override appendUpdates(entries: readonly UpdateEntry[]): void {
    this.appendCalls.push([...entries])
    if (this.failNextAppend) {
      this.failNextAppend = false
      throw new Error('disk I/O error')
    }
    super.appendUpdates(entries)
  }
}

/** Runs scheduled work and delivers every message to `clients` until nothing moves. */
export function settleAll(scheduler: { run(): number }, clients: readonly FakeClient[]): void {
  for (let round = 0; round < 100; round++) {
    let moved = scheduler.run() > 0
    for (const c of clients) {
      if (c.unread.length > 0) {
        c.pump()
        moved = true
      }
    }
    if (!moved) return
  }
  throw new Error('the harness did not settle')
}

/** Loads a document's stored history into a fresh Y.Doc. */
export function loadStored(store: MemoryStore, docId: string): Y.Doc {
  const doc = new Y.Doc()
  for (const u of store.loadHistory(docId).updates) Y.applyUpdate(doc, u)
  return doc
}

/**
 * A CollabServer on a CountingStore holding documents `doc1` and `doc2`, with a manual scheduler:
 * loads and commits happen only in `settle()` or `scheduler.run()`.
 */
export function collabHarness(options: Partial<CollabServerOptions> = {}) {
  const store = new CountingStore()
  store.createGroup({ id: 'g', name: 'G', createdAt: '2026-01-01T00:00:00.000Z' })
  for (const id of ['doc1', 'doc2']) {
    store.createDocument({ id, groupId: 'g', title: id, createdAt: '2026-01-01T00:00:00.000Z' }, harnessContent())
  }
  const scheduler = manualScheduler()
  const collab = new CollabServer({ store, schedule: scheduler.schedule, ...options })
  const clients: FakeClient[] = []
  return {
    store,
    collab,
    scheduler,
    connect(docId = 'doc1', params?: FakeConnectParams, initial?: Uint8Array): FakeClient {
      const client = new FakeClient(collab, docId, params, initial)
      clients.push(client)
      return client
    },
    /** Runs scheduled work and delivers every message until nothing moves. */
    settle(): void {
      settleAll(scheduler, clients)
    },
    dispose(): void {
      collab.close()
      for (const c of clients) c.destroy()
    },
  }
}

/**
 * A network whose delivery order the test decides, for fuzzing CollabServer in memory. Each
 * connection (`Link`) holds the frames in flight in two FIFO queues, client to server and server to
 * client, and nothing moves until the test delivers one frame. A `QueuedPeer` keeps its Y.Doc and
 * presence across connections and behaves like y-websocket's WebsocketProvider: on open it sends
 * sync step 1 and its presence, while connected it sends every local change and every awareness
 * change (echoes included) at once, and it answers sync messages.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { CollabServer, ConnectionHandle } from '../../server/collab/CollabServer.ts'
import type { CollabSocket, Scheduler } from '../../server/collab/types.ts'
import type { Participant } from '../../server/collab/Connection.ts'
import { awarenessFrame, readServerFrame, syncStep1Frame, updateFrame } from './fakeClient.ts'

/** What the server sent on a link: a frame, or its close (after every frame sent before it). */
export type ServerFrame = Uint8Array | { close: number; reason: string }

const REMOTE = Symbol('remote')

/** One connection: the server's socket and the frames in flight each way. */
export class Link {
  readonly toServer: Uint8Array[] = []
  readonly toClient: ServerFrame[] = []
  /** The client still reads and writes it: false once it dropped it or read the server's close. */
  clientOpen = true
  /** The server has closed it, or the transport told the server it closed. */
  serverClosed = false
  handle!: ConnectionHandle
  readonly socket: CollabSocket = {
    send: (data) => {
      if (!this.serverClosed && this.clientOpen) this.toClient.push(data)
    },
    close: (code, reason) => {
      if (this.serverClosed) return
      this.serverClosed = true
      this.toServer.length = 0 // the server reads nothing more from it
      if (this.clientOpen) this.toClient.push({ close: code, reason })
    },
  }

  constructor(readonly peer: QueuedPeer) {}

  /** Delivers the oldest frame the client sent. */
  deliverToServer(): void {
    const frame = this.toServer.shift()
    if (frame) this.handle.receive(frame)
  }

  /** The server's transport notices that a dropped socket is gone: frames still in flight are lost. */
  notice(): void {
    this.toServer.length = 0
    this.serverClosed = true
    this.handle.closed()
  }

  /** Nothing left to happen on this link. */
  get done(): boolean {
    return !this.clientOpen && this.serverClosed && this.toServer.length === 0 && this.toClient.length === 0
  }
}

export class QueuedPeer {
  readonly doc = new Y.Doc()
  readonly awareness: awarenessProtocol.Awareness
  /** The open connection, if any. */
  link: Link | null = null
  /** Every close the server sent this peer. */
  readonly closes: { code: number; reason: string }[] = []

  constructor(
    private readonly collab: CollabServer,
    private readonly docId: string,
    readonly participant: Participant,
    clientID: number,
  ) {
    this.doc.clientID = clientID // before the awareness, which takes it as its own
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState({ name: participant.displayName })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.link?.toServer.push(updateFrame(update))
    })
    // Like WebsocketProvider: every awareness change is sent, whoever made it.
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      this.link?.toServer.push(awarenessFrame(this.awareness, [...added, ...updated, ...removed]))
    })
  }

  /** Opens a new connection; sync step 1 and the presence go out as the socket opens. */
  connect(): Link {
    if (this.link) throw new Error('already connected')
    const link = new Link(this)
    link.handle = this.collab.connect(link.socket, this.docId, { participant: this.participant, schemaVersion: 1 })
    this.link = link
    link.toServer.push(syncStep1Frame(this.doc))
    link.toServer.push(awarenessFrame(this.awareness, [this.doc.clientID]))
    return link
  }

  /** The socket dies on the client's side: what it sent may still reach the server, until the server notices (`Link.notice`). */
  drop(): void {
    const link = this.link
    if (!link) return
    link.clientOpen = false
    link.toClient.length = 0
    this.lost()
  }

  /** Delivers the oldest frame the server sent on `link`; dropped when the client no longer reads it. */
  deliverToClient(link: Link): void {
    const frame = link.toClient.shift()
    if (!frame || !link.clientOpen) return
    if (!(frame instanceof Uint8Array)) {
      this.closes.push({ code: frame.close, reason: frame.reason })
      link.clientOpen = false
      link.toClient.length = 0
      link.handle.closed() // the transport's close event
      this.lost()
      return
    }
    const reply = readServerFrame(frame, this.doc, this.awareness, REMOTE)
    if (reply) link.toServer.push(reply)
  }

  /** Like WebsocketProvider when its socket closes: the others' presence goes, nothing is sent. */
  private lost(): void {
    this.link = null
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID)
    awarenessProtocol.removeAwarenessStates(this.awareness, others, REMOTE)
  }

  destroy(): void {
    this.awareness.destroy()
    this.doc.destroy()
  }
}

/** A scheduler that runs one task at a time, oldest first, when the test says so. */
export function steppedScheduler(): { schedule: Scheduler; step(): boolean; readonly pending: number } {
  const tasks: (() => void)[] = []
  return {
    schedule: (fn) => void tasks.push(fn),
    /** Runs the oldest task; false when there was none. */
    step() {
      const task = tasks.shift()
      task?.()
      return task !== undefined
    },
    get pending() {
      return tasks.length
    },
  }
}

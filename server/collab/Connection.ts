/**
 * One client's connection to one document, as the core sees it: a socket, a numeric id for
 * origins, the awareness client ids it controls, and messages that arrived before the
 * document finished loading.
 */
import type { CollabSocket } from './types.ts'
import type { Origin } from '../../shared/origins.ts'
import type { DocumentRole, Role } from '../../shared/roles.ts'

/** Who is behind a connection, from their session (never from the client's messages). */
export interface Participant {
  memberId: string
  displayName: string
  delegation: string
  role: Role
  /** The session this connection was opened with (its hash), so that signing out ends it. */
  sessionId?: string
}

let nextConnectionId = 1

export class Connection {
  readonly id = nextConnectionId++
  readonly origin: Origin
  /** Awareness client ids this connection has announced; removed when it closes. */
  readonly awarenessIds = new Set<number>()
  /** Frames received while the document was loading, replayed in order once it is ready. */
  readonly buffered: Uint8Array[] = []
  closed = false
  /** Who the participant is in this document (B4: a break-out's facilitator), set when greeted. */
  role: DocumentRole

  constructor(
    readonly socket: CollabSocket,
    readonly docId: string,
    readonly participant: Participant,
  ) {
    this.origin = Object.freeze({ source: 'connection', connectionId: this.id })
    this.role = participant.role
  }

  send(data: Uint8Array): void {
    if (this.closed) return
    try {
      this.socket.send(data)
    } catch {
      // A socket that fails to send is dead; the transport reports its close separately.
    }
  }
}

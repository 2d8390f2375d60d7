/**
 * The WebSocket shell around the collaboration core: routes `/collab/<documentId>` upgrades to
 * CollabServer, enforces the frame size limit and drops dead connections with keepalive pings.
 */
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket, type RawData } from 'ws'
import { COLLAB_PATH, DOCUMENT_ID_PATTERN, SCHEMA_PARAM, CloseCode } from '../../shared/protocol.ts'
import type { CollabServer } from '../collab/CollabServer.ts'
import type { Logger } from '../collab/types.ts'
import type { AccessStore } from '../access/AccessStore.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import { originAllowed, sessionOf } from './auth.ts'

export interface CollabSocketsOptions {
  collab: CollabServer
  access: AccessStore
  store: DocumentStore
  /** Origins allowed to open a socket (the server's own by default). */
  allowedOrigins: readonly string[]
  logger: Logger
  /** Frames above this many bytes close the connection with MessageTooBig. */
  maxMessageBytes: number
  /** Interval of keepalive pings; a connection that misses one pong is dropped (default 30 s). */
  pingIntervalMs?: number
  /**
   * Runs `tick` every `intervalMs` until the returned function is called (default: an unref'd
   * setInterval). Tests pass their own to run the keepalive ticks themselves.
   */
  keepaliveClock?: (tick: () => void, intervalMs: number) => () => void
}

export interface CollabSockets {
  /** Closes every socket and stops the keepalive timer. */
  close(): void
}

export function attachCollabSockets(server: http.Server, options: CollabSocketsOptions): CollabSockets {
  const { collab, logger, maxMessageBytes } = options
  // ws's own limit is a backstop at twice ours, so that frames just over the limit get our named
  // close code (terminal for the client) rather than ws's generic 1009 (retried).
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * 2, perMessageDeflate: false })
  const alive = new WeakMap<WebSocket, boolean>()

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = URL.parse(req.url ?? '/', 'http://localhost')
    const prefix = `${COLLAB_PATH}/`
    const docId = url?.pathname.startsWith(prefix) ? decodePathSegment(url.pathname.slice(prefix.length)) : null
    if (url === null || docId === null || !DOCUMENT_ID_PATTERN.test(docId)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    // Authenticate and authorise before anything is loaded or queued: strangers cost nothing.
    if (!originAllowed(req, options.allowedOrigins)) {
      refuseUpgrade(socket, 403, 'Forbidden', `origin ${req.headers.origin} is not allowed`)
      return
    }
    const session = sessionOf(req, options.access)
    const member = session?.member
    if (!session || !member) {
      refuseUpgrade(socket, 401, 'Unauthorized', 'sign in first')
      return
    }
    const document = options.store.getDocument(docId)
    if (!document || document.groupId !== member.groupId) {
      refuseUpgrade(socket, 403, 'Forbidden', 'this document belongs to another working group')
      return
    }
    const participant = {
      memberId: member.id,
      displayName: member.displayName,
      delegation: member.delegation,
      role: member.role,
      sessionId: session.sessionId,
    }
    const schemaRaw = url.searchParams.get(SCHEMA_PARAM)
    const schemaVersion = schemaRaw === null ? undefined : Number(schemaRaw)
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true)
      ws.on('pong', () => alive.set(ws, true))
      const handle = collab.connect(
        {
          send: (data) => {
            if (ws.readyState === ws.OPEN) ws.send(data)
          },
          close: (code, reason) => ws.close(code, reason),
        },
        docId,
        { schemaVersion, participant },
      )
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (!isBinary) {
          ws.close(CloseCode.MalformedMessage, 'text frames are not part of the protocol')
          handle.closed()
          return
        }
        handle.receive(toBytes(data))
      })
      ws.on('close', () => handle.closed())
      ws.on('error', (err) => {
        logger.warn('websocket error', { docId, error: err.message })
        handle.closed()
      })
    })
  })

  const clock = options.keepaliveClock ?? intervalClock
  const stopKeepalive = clock(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, options.pingIntervalMs ?? 30_000)

  return {
    close() {
      stopKeepalive()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
    },
  }
}

function intervalClock(tick: () => void, intervalMs: number): () => void {
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** A malformed escape (`%E0%A4%A`) refuses the upgrade; a throw here would crash the process. */
function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

function refuseUpgrade(socket: Duplex, status: number, text: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

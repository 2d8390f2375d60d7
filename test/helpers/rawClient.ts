/**
 * A scripted client over a real WebSocket: it syncs a private Y.Doc from the server's frames,
 * sends whatever bytes a test gives it, and records everything it receives and how it was closed.
 * Also small HTTP helpers for the JSON API (cookie, origin, JSON body).
 */
import WS from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { MessageType } from '../../shared/protocol.ts'
import { deniedReason } from './attacks.ts'
import { waitFor } from './peers.ts'
import { syncStep1Frame } from './fakeClient.ts'

export interface RawClient {
  ws: WS
  /** The document as the server sent it (step 2 and updates applied). */
  doc: Y.Doc
  received: Uint8Array[]
  /** Set when the socket closed. */
  close: { code: number; reason: string } | null
  /** Reasons of every permission-denied message received. */
  denied(): string[]
  send(frame: Uint8Array): void
  /** Resolves with the close once the server closed the socket. */
  closed(): Promise<{ code: number; reason: string }>
  end(): void
}

/** Opens `/collab/<docId>?schema=1` with `headers`; resolves once the server's first step 2 arrived. */
export async function rawClient(wsUrl: string, docId: string, headers: Record<string, string>): Promise<RawClient> {
  const ws = new WS(`${wsUrl}/${docId}?schema=1`, { headers })
  const doc = new Y.Doc()
  const client: RawClient = {
    ws,
    doc,
    received: [],
    close: null,
    denied: () => client.received.map(deniedReason).filter((r): r is string => r !== null),
    send: (frame) => ws.send(frame),
    closed: async () => {
      await waitFor(() => client.close !== null, 'the server to close the socket')
      return client.close!
    },
    end: () => ws.close(),
  }
  let synced = false
  ws.on('message', (data: Buffer) => {
    const frame = new Uint8Array(data)
    client.received.push(frame)
    const d = decoding.createDecoder(frame)
    if (decoding.readVarUint(d) !== MessageType.Sync) return
    const kind = decoding.readVarUint(d)
    if (kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate) {
      Y.applyUpdate(doc, decoding.readVarUint8Array(d), 'server')
      synced = true
    }
  })
  ws.on('close', (code, reason) => {
    client.close = { code, reason: reason.toString() }
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  ws.send(syncStep1Frame(doc))
  await waitFor(() => synced || client.close !== null, 'the server to send the document')
  return client
}

/** The HTTP status an upgrade to `/collab/<docId>` gets (101 when it is accepted). */
export function upgradeStatus(wsUrl: string, docId: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WS(`${wsUrl}/${docId}?schema=1`, { headers })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      ws.terminate()
    })
    ws.on('upgrade', () => {
      resolve(101)
      ws.close()
    })
    ws.on('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err)
    })
  })
}

export interface ApiAnswer {
  status: number
  body: Record<string, unknown>
  headers: Headers
}

/** A JSON API request with `cookie` (null: none) and optional extra headers. */
export async function apiAs(
  httpUrl: string,
  cookie: string | null,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...extraHeaders }
  if (cookie !== null) headers.cookie = cookie
  if (body !== undefined) headers['content-type'] ??= 'application/json'
  const res = await fetch(`${httpUrl}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers }
}

/**
 * Real y-websocket clients in Node for integration tests: WebsocketProvider over the `ws` package,
 * with BroadcastChannel disabled so that peers can only meet through the server.
 */
import * as Y from 'yjs'
import WS from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { textOf, consensusOf } from '../../shared/ydoc.ts'
import { newId } from '../../shared/ids.ts'

export interface Peer {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Every close event the provider saw, for checking codes. */
  closes: { code: number; reason: string }[]
  destroy(): void
}

/**
 * A `ws` WebSocket class that sends `headers` (the session cookie, an Origin) on the upgrade, as a
 * browser would; WebsocketProvider constructs it with `(url, protocols)` only.
 */
export function webSocketWith(headers: Record<string, string>): typeof WebSocket {
  class WithHeaders extends WS {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  }
  return WithHeaders as unknown as typeof WebSocket
}

export interface PeerOptions {
  /** The `accord_session=...` cookie of the member this peer signs in as (SPEC A4). */
  cookie: string
  doc?: Y.Doc
  connect?: boolean
  /** Extra upgrade headers, e.g. an Origin. */
  headers?: Record<string, string>
}

/** Connects a provider (and its own Y.Doc unless given) to `docId`, signed in with `options.cookie`. */
export function connectPeer(wsUrl: string, docId: string, options: PeerOptions): Peer {
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, docId, doc, {
    WebSocketPolyfill: webSocketWith({ ...options.headers, cookie: options.cookie }),
    disableBc: true,
    params: { schema: '1' },
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  })
  const closes: { code: number; reason: string }[] = []
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  return {
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls `condition` every 10 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const waitSynced = (peer: Peer, timeoutMs?: number): Promise<void> =>
  waitFor(() => peer.provider.synced, 'the provider to sync', timeoutMs)

/** POST /api/documents in the demo group as `cookie` (a chair or secretariat); returns the new id. */
export async function createDocument(httpUrl: string, cookie: string, title = 'Test document'): Promise<string> {
  const res = await fetch(`${httpUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ title, groupId: 'wgec' }),
  })
  if (res.status !== 201) throw new Error(`creating a document answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { document: { id: string } }).document.id
}

/** The document text as XML: equal strings mean equal documents (with `consensusJson`). */
export const xmlOf = (doc: Y.Doc): string => textOf(doc).toString()
export const consensusJson = (doc: Y.Doc): string => JSON.stringify(consensusOf(doc).toJSON())

/** The topics of a rolling document (children of the fragment named `topic`). */
export function topicsOf(doc: Y.Doc): Y.XmlElement[] {
  return textOf(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'topic')
}

/** The recommendations of a topic (every child after its heading). */
export function recommendationsOf(topic: Y.XmlElement): Y.XmlElement[] {
  return topic.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'recommendation')
}

/** A new recommendation element, as y-prosemirror would write it: id, sponsors and one text. */
export function newRecommendation(text: string, sponsors: string[] = []): Y.XmlElement {
  const rec = new Y.XmlElement('recommendation')
  rec.setAttribute('id', newId('r'))
  rec.setAttribute('sponsors', sponsors as unknown as string)
  rec.insert(0, [new Y.XmlText(text)])
  return rec
}

/** Appends a recommendation reading `text` to the first topic. */
export function addRecommendation(doc: Y.Doc, text: string, sponsors: string[] = []): void {
  const topic = topicsOf(doc)[0]
  if (!topic) throw new Error('the document has no topic')
  topic.insert(topic.length, [newRecommendation(text, sponsors)])
}

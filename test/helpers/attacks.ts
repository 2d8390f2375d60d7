/**
 * Tools for scripted attackers (SPEC R1-R10): raw Yjs updates made on a private copy of the
 * document, and readers for what the server answers (auth messages, frame kinds). Nothing here
 * goes through ProseMirror or the UI: the bytes are what a hostile client could send.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import { MessageType } from '../../shared/protocol.ts'
import { textOf } from '../../shared/ydoc.ts'
import { encodeAwareness } from '../../server/collab/awarenessGate.ts'

/** A copy of `state` (a doc or its encoded state), optionally writing as Yjs client `clientID`. */
export function copyOf(state: Y.Doc | Uint8Array, clientID?: number): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  Y.applyUpdate(doc, state instanceof Y.Doc ? Y.encodeStateAsUpdate(state) : state)
  // After the state: Yjs picks a new client id when a remote update brings structs of its own.
  if (clientID !== undefined) doc.clientID = clientID
  return doc
}

/**
 * The update `change` makes on `doc`, in one transaction (`doc` keeps the change, so a second
 * call builds on the first: a later update that depends on an earlier one).
 */
export function changeOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.transact(() => change(doc))
  return Y.encodeStateAsUpdate(doc, before)
}

/** One-shot: the update `change` makes on a fresh copy of `state`. */
export function craft(state: Y.Doc | Uint8Array, change: (doc: Y.Doc) => void, clientID?: number): Uint8Array {
  const doc = copyOf(state, clientID)
  try {
    return changeOf(doc, change)
  } finally {
    doc.destroy()
  }
}

/** A sync frame as y-websocket sends it: step 2 or update, carrying exactly `update`. */
export function syncFrame(kind: 'step2' | 'update', update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Sync)
  encoding.writeVarUint(enc, kind === 'step2' ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate)
  encoding.writeVarUint8Array(enc, update)
  return encoding.toUint8Array(enc)
}

/** The reason of a y-protocols auth "permission denied" frame, or null for any other frame. */
export function deniedReason(frame: Uint8Array): string | null {
  const d = decoding.createDecoder(frame)
  if (decoding.readVarUint(d) !== MessageType.Auth) return null
  if (decoding.readVarUint(d) !== authProtocol.messagePermissionDenied) return null
  return decoding.readVarString(d)
}

/** Every element of the text, depth first. */
function elements(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  const walk = (node: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) {
        out.push(child)
        walk(child)
      }
    }
  }
  walk(textOf(doc))
  return out
}

/** The recommendation element with `id`; throws if absent. */
export function recommendation(doc: Y.Doc, id: string): Y.XmlElement {
  const found = elements(doc).find((el) => el.nodeName === 'recommendation' && el.getAttribute('id') === id)
  if (!found) throw new Error(`no recommendation ${id}`)
  return found
}

/** The first text run of a recommendation (its leading Y.XmlText). */
export function firstText(rec: Y.XmlElement): Y.XmlText {
  const text = rec.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)
  if (!text) throw new Error('the recommendation has no text')
  return text
}

/** The element holding `child`, and `child`'s index in it. */
export function placeOf(child: Y.XmlElement): { parent: Y.XmlElement; index: number } {
  const parent = child.parent
  if (!(parent instanceof Y.XmlElement)) throw new Error('not inside an element')
  return { parent, index: parent.toArray().indexOf(child) }
}

/** A new recommendation element as y-prosemirror writes one: id, sponsors, one text. */
export function recommendationElement(id: string, text: string, sponsors: string[] = []): Y.XmlElement {
  const rec = new Y.XmlElement('recommendation')
  rec.setAttribute('id', id)
  rec.setAttribute('sponsors', sponsors as unknown as string)
  rec.insert(0, [new Y.XmlText(text)])
  return rec
}

/** An awareness frame claiming `entries` (client id, clock, state), whoever they belong to. */
export function awarenessFrameOf(entries: { clientId: number; clock: number; state: Record<string, unknown> | null }[]): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Awareness)
  encoding.writeVarUint8Array(enc, encodeAwareness(entries))
  return encoding.toUint8Array(enc)
}

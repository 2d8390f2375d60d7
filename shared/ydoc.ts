/**
 * How a rolling document is laid out in a Y.Doc (SPEC Y1-Y4).
 *
 * - `prosemirror` (Y.XmlFragment): the text, bound to ProseMirror by y-prosemirror. Clients write it.
 * - `consensus`   (Y.Map): recommendation id -> ConsensusEntry. Only the server writes it.
 * - `meta`        (Y.Map): `schemaVersion`, written when the server creates the document, and
 *   `revision`, the latest revision issued (shared/revisions.ts). Only the server writes it.
 * - `reservations` (Y.Map): paragraph id -> Reservation[]. Only the server writes it (a command).
 * - `comments`    (Y.Map): thread id -> CommentThread. Only the server writes it (a command); no
 *   output reads it (K6).
 */
import * as Y from 'yjs'
import { SCHEMA_VERSION } from './schema.ts'
import type { ConsensusEntry } from './consensus.ts'
import { OUTPUT_ORIGIN, STORAGE_ORIGIN } from './origins.ts'

export const ROOT_TEXT = 'prosemirror'
export const ROOT_CONSENSUS = 'consensus'
export const ROOT_META = 'meta'
export const ROOT_RESERVATIONS = 'reservations'
export const ROOT_COMMENTS = 'comments'

/** The root types a rolling document uses; anything else is foreign. */
export const ROOT_TYPES: readonly string[] = [ROOT_TEXT, ROOT_CONSENSUS, ROOT_META, ROOT_RESERVATIONS, ROOT_COMMENTS]

export const textOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(ROOT_TEXT)
export const consensusOf = (doc: Y.Doc): Y.Map<ConsensusEntry> => doc.getMap<ConsensusEntry>(ROOT_CONSENSUS)
export const metaOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(ROOT_META)
export const reservationsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(ROOT_RESERVATIONS)
export const commentsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(ROOT_COMMENTS)

/** The schema version recorded in the document, or null before the server has written it. */
export function schemaVersionOf(doc: Y.Doc): number | null {
  const v = metaOf(doc).get('schemaVersion')
  return typeof v === 'number' ? v : null
}

/** True when a client with this schema may bind to the document (SPEC Y3). */
export function isCompatible(doc: Y.Doc): boolean {
  const v = schemaVersionOf(doc)
  return v === null || v === SCHEMA_VERSION
}

/**
 * The document's state as an output carries it (a revision, V2): everything but the comment
 * threads, which no output contains (K6). Made on a copy; `doc` is only read.
 */
export function outputState(doc: Y.Doc): Uint8Array {
  // Without comment threads there is nothing to take out: no copy (a copy of a large document
  // costs five times its encoding, on the event loop).
  if (commentsOf(doc).size === 0) return Y.encodeStateAsUpdate(doc)
  const copy = new Y.Doc()
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), STORAGE_ORIGIN)
    const comments = commentsOf(copy)
    if (comments.size > 0) copy.transact(() => comments.clear(), OUTPUT_ORIGIN)
    return Y.encodeStateAsUpdate(copy)
  } finally {
    copy.destroy()
  }
}

/** Refusals several commands give, written once (the transport maps `not-found` to 404, `conflict` to 409). */
import type * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { TextShapeError, readText } from '../../shared/readText.ts'
import { textOf } from '../../shared/ydoc.ts'

/** A command named a paragraph the document does not hold (any more). */
export const noSuchParagraph = (id: string): { ok: false; refusal: 'not-found'; reason: string } => ({
  ok: false,
  refusal: 'not-found',
  reason: `no paragraph ${id} in this document`,
})

/**
 * The document's text, read without a write (Y5), or the refusal a command gives when it does not
 * fit the schema (a document stored before R11 judged whole trees).
 */
export function readTextOf(doc: Y.Doc): { ok: true; text: PMNode } | { ok: false; refusal: 'conflict'; reason: string } {
  try {
    return { ok: true, text: readText(textOf(doc)) }
  } catch (err) {
    if (err instanceof TextShapeError) return { ok: false, refusal: 'conflict', reason: `the document's text is damaged (${err.message})` }
    throw err
  }
}

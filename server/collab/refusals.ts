/** Refusals several commands give, written once (the transport maps `not-found` to 404). */

/** A command named a paragraph the document does not hold (any more). */
export const noSuchParagraph = (id: string): { ok: false; refusal: 'not-found'; reason: string } => ({
  ok: false,
  refusal: 'not-found',
  reason: `no paragraph ${id} in this document`,
})

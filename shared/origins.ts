/**
 * Every Yjs write names its origin (STYLE 3). Listeners switch on `source` exhaustively.
 */
export type Origin =
  /** An update received from a connected client. */
  | { readonly source: 'connection'; readonly connectionId: number }
  /**
   * A write the server makes itself: seeding a new document, a command (the chair's status, a
   * reservation, sponsorship), a correction after an accepted edit (sponsors restored, R13), or
   * Yjs's own cleanup of duplicate formatting after it applied a client's update (Yjs writes that
   * with no origin, inside the update; the room names it `cleanup`). `output` is a write to a
   * copy made for an output (a revision without its comments), never to a document people edit.
   */
  | { readonly source: 'server'; readonly reason: 'seed' | 'command' | 'correction' | 'cleanup' | 'output'; readonly memberId?: string }
  /** State read back from storage when a document loads. Never stored again. */
  | { readonly source: 'storage' }

export const STORAGE_ORIGIN: Origin = Object.freeze({ source: 'storage' })
export const SEED_ORIGIN: Origin = Object.freeze({ source: 'server', reason: 'seed' })
export const OUTPUT_ORIGIN: Origin = Object.freeze({ source: 'server', reason: 'output' })

export function isOrigin(value: unknown): value is Origin {
  return typeof value === 'object' && value !== null && typeof (value as { source?: unknown }).source === 'string'
}

/** Exhaustiveness check for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`)
}

/**
 * Every Yjs write names its origin (STYLE 3). Listeners switch on `source` exhaustively.
 */
export type Origin =
  /** An update received from a connected client. */
  | { readonly source: 'connection'; readonly connectionId: number }
  /**
   * A write the server makes itself: seeding a new document, a command (the chair's status, a
   * reservation, sponsorship), or a correction after an accepted edit (sponsors restored, R13).
   */
  | { readonly source: 'server'; readonly reason: 'seed' | 'command' | 'correction'; readonly memberId?: string }
  /** State read back from storage when a document loads. Never stored again. */
  | { readonly source: 'storage' }

export const STORAGE_ORIGIN: Origin = Object.freeze({ source: 'storage' })
export const SEED_ORIGIN: Origin = Object.freeze({ source: 'server', reason: 'seed' })

export function isOrigin(value: unknown): value is Origin {
  return typeof value === 'object' && value !== null && typeof (value as { source?: unknown }).source === 'string'
}

/** Exhaustiveness check for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`)
}

/**
 * What the collaboration core needs from the outside world. Nothing here knows about HTTP or ws.
 */

/** A bidirectional message channel to one client (a WebSocket in production, a pair in tests). */
export interface CollabSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/** Runs `fn` after the current turn of the event loop (setImmediate in production). */
export type Scheduler = (fn: () => void) => void

/** Why a connection was closed by the server: the close code and a human-readable reason. */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
    this.name = 'ProtocolError'
  }
}

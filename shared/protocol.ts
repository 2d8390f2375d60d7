/**
 * The wire protocol in one place: y-websocket message types and Accord's close codes (SPEC P1-P6).
 *
 * Frames are binary, `varUint messageType` then the payload, exactly as y-websocket's
 * WebsocketProvider speaks them. Close codes in 4400-4499 are terminal for that client: it stops
 * reconnecting and shows the reason. Other codes are retried with back-off.
 */

export const MessageType = {
  /** y-protocols/sync: step 1 (state vector), step 2 (missing updates), update. */
  Sync: 0,
  /** y-protocols/awareness: presence (name, colour, cursor). */
  Awareness: 1,
  /** y-protocols/auth: permission denied, server -> client only. */
  Auth: 2,
  /** Ask the server for every awareness state it knows. */
  QueryAwareness: 3,
} as const
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

export const CloseCode = {
  /** The server is shutting down or restarting; reconnect later (retried). */
  GoingAway: 1001,
  /** The server failed to store or load; reconnect later (retried). */
  InternalError: 1011,
  /** The participant's role changed; the client reconnects at once and gets its new rights (retried). */
  RoleChanged: 4000,
  /**
   * An update depended on changes the server does not have; it was refused. The client reconnects
   * and resyncs, which sends everything the server lacks in order (retried).
   */
  ResyncRequired: 4001,
  /** The frame could not be decoded, or its message type is unknown. Terminal. */
  MalformedMessage: 4400,
  /** No valid session, or the member was revoked. Terminal: sign in again. */
  Unauthenticated: 4401,
  /** The participant may not do this (e.g. speak for another awareness client id). Terminal. */
  Forbidden: 4403,
  /** The document does not exist. Terminal. */
  DocumentNotFound: 4404,
  /** Too many messages before the document finished loading. Terminal. */
  TooManyMessages: 4408,
  /** The frame is larger than the server accepts. Terminal. */
  MessageTooBig: 4413,
  /**
   * An update broke a consensus rule and was refused (not applied, stored or sent). Terminal: the
   * client drops its local state, reloads the server's and keeps the refused text for the person.
   */
  UpdateRejected: 4422,
  /** The client runs another schema version than the document; reload to update. Terminal. */
  SchemaMismatch: 4426,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** The URL path of a document's collaboration endpoint (`/collab/<documentId>`). */
export const COLLAB_PATH = '/collab'

/** A document id is 1-64 characters of [A-Za-z0-9_-]. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Query parameter by which a client states its schema version. */
export const SCHEMA_PARAM = 'schema'

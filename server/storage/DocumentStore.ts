/**
 * Storage of working groups, documents and their Yjs history, behind one small synchronous
 * interface (STYLE 5). Two implementations: SqliteStore (the product) and MemoryStore (unit tests);
 * test/unit/storageContract.ts runs the same suite against both.
 *
 * A document's history is a snapshot (one Yjs update, possibly absent) followed by a log of
 * updates in the order they were accepted. Loading applies the snapshot, then the log.
 *
 * The interface is synchronous on purpose: an update is committed before the call returns, so the
 * server can promise "stored before anyone else sees it" without awaiting anything (SPEC S1).
 */
import type { DocumentInfo, GroupInfo } from '../../shared/apiSchemas.ts'
import type { RevisionInfo } from '../../shared/revisions.ts'

/** A working group, as stored and as the API sends it (`groupInfoSchema`). */
export type GroupRecord = GroupInfo

/** A document, as stored and as the API sends it (`documentInfoSchema`). */
export type DocumentRecord = DocumentInfo

export interface UpdateEntry {
  docId: string
  update: Uint8Array
  /**
   * Who made it, for the audit log, and the Yjs client ids it bound to that member (SPEC R8).
   * Absent for the server's own writes.
   */
  author?: { memberId: string; newClientIds: readonly number[]; paragraphs?: readonly string[] }
  /**
   * The command this update carries out (a server write), audited in the same transaction as the
   * update: both are stored, or neither (SPEC R10).
   */
  command?: { memberId: string; detail: Record<string, unknown> }
  /**
   * The revision this update issues (SPEC V2): the document's state with it applied, stored in the
   * same transaction, never rewritten. A second revision with the same number refuses the batch.
   */
  revision?: IssuedRevision
  /**
   * A document this update creates (SPEC B2: a break-out's own document, seeded by the server),
   * created in the same transaction, so the update that records it and the document itself are
   * stored together or not at all. An id that exists refuses the batch.
   */
  creates?: { document: DocumentRecord; state: Uint8Array }
}

/** A revision as stored: what everyone may know, who issued it (internal) and the state. */
export interface IssuedRevision extends RevisionInfo {
  memberId: string
  state: Uint8Array
}

export interface LoadedHistory {
  /** The snapshot (if any) first, then every logged update in order. */
  updates: Uint8Array[]
  /** How many updates are in the log after the snapshot; compaction is due past a threshold. */
  logLength: number
  /** Yjs client id -> member id, for every client id bound in this document. */
  clientOwners: Map<number, string>
}

/** One line of the internal record: an accepted change or a chair's command (never exported). */
export interface AuditRecord {
  id: number
  docId: string
  memberId: string | null
  at: string
  kind: 'update' | 'command'
  /** JSON: for updates `{bytes, paragraphs}`, for commands `{action, paragraph, ...}`. */
  detail: string
}

/** A refused update kept for the secretariat: who, when, why, and the bytes. */
export interface QuarantineRecord {
  id: number
  docId: string
  memberId: string | null
  at: string
  reason: string
  data: Uint8Array
}

export interface DocumentStore {
  createGroup(group: GroupRecord): void
  listGroups(): GroupRecord[]
  getGroup(id: string): GroupRecord | null

  /** Creates the document with its initial state as snapshot, atomically. Throws if the id exists. */
  createDocument(doc: DocumentRecord, initialState: Uint8Array): void
  getDocument(id: string): DocumentRecord | null
  listDocuments(): DocumentRecord[]

  loadHistory(docId: string): LoadedHistory
  /**
   * Appends every entry in one transaction, with the audit rows of the members' updates and of the
   * commands the entries carry out, and the revisions they issue: after it returns all are durable,
   * or it threw and none is.
   */
  appendUpdates(entries: readonly UpdateEntry[]): void
  /**
   * Replaces the snapshot and the whole log of `docId` by `snapshot`, atomically. The caller
   * guarantees that `snapshot` contains every update appended so far (SPEC S4).
   */
  compact(docId: string, snapshot: Uint8Array): void

  /**
   * Binds a Yjs client id of a document to a member when their presence first shows it (SPEC R8).
   * A binding never changes: the first one stays.
   */
  bindClient(docId: string, clientId: number, memberId: string): void

  /** The revisions of a document, oldest first (SPEC V2). */
  listRevisions(docId: string): RevisionInfo[]
  /** Revision `number` of a document with its state, or null. */
  getRevision(docId: string, number: number): IssuedRevision | null

  /** Records a command that changed no document state (those that did are audited by appendUpdates). */
  recordCommand(entry: { docId: string; memberId: string; detail: Record<string, unknown> }): void
  /** The newest `limit` audit records of a document, newest first. */
  listAudit(docId: string, limit?: number): AuditRecord[]
  /** Keeps a refused frame; returns its id (logs name it). */
  quarantine(entry: { docId: string; memberId: string | null; reason: string; data: Uint8Array }): number
  /** The newest `limit` refused updates of a document, newest first. */
  listQuarantine(docId: string, limit?: number): QuarantineRecord[]

  close(): void
}

/** Thrown for a request the store refuses (duplicate id, unknown group). */
export class StoreError extends Error {
  constructor(
    readonly reason: 'duplicate' | 'not-found',
    message: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

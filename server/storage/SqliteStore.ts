/**
 * DocumentStore on one SQLite file (better-sqlite3), WAL with synchronous=FULL: a committed
 * transaction survives a crash or power loss (SPEC S2). All statements are prepared once.
 */
import Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations.ts'
import { auditRowsOf } from './auditRows.ts'
import {
  StoreError,
  type AuditRecord,
  type QuarantineRecord,
  type DocumentRecord,
  type DocumentStore,
  type GroupRecord,
  type LoadedHistory,
  type UpdateEntry,
  type IssuedRevision,
} from './DocumentStore.ts'
import type { RevisionInfo } from '../../shared/revisions.ts'

const SQL = {
  createMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  appliedVersions: `SELECT version FROM schema_migrations`,
  recordMigration: `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
  insertGroup: `INSERT INTO groups (id, name, created_at) VALUES (@id, @name, @createdAt)`,
  listGroups: `SELECT id, name, created_at AS createdAt FROM groups ORDER BY created_at, id`,
  getGroup: `SELECT id, name, created_at AS createdAt FROM groups WHERE id = ?`,
  insertDocument: `INSERT INTO documents (id, group_id, title, created_at) VALUES (@id, @groupId, @title, @createdAt)`,
  getDocument: `SELECT id, group_id AS groupId, title, created_at AS createdAt FROM documents WHERE id = ?`,
  listDocuments: `SELECT id, group_id AS groupId, title, created_at AS createdAt FROM documents ORDER BY created_at, id`,
  getSnapshot: `SELECT snapshot FROM doc_snapshots WHERE doc_id = ?`,
  putSnapshot: `INSERT INTO doc_snapshots (doc_id, snapshot) VALUES (?, ?)
    ON CONFLICT(doc_id) DO UPDATE SET snapshot = excluded.snapshot`,
  logOf: `SELECT data FROM doc_updates WHERE doc_id = ? ORDER BY seq`,
  appendUpdate: `INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)`,
  clearLog: `DELETE FROM doc_updates WHERE doc_id = ?`,
  bindClient: `INSERT OR IGNORE INTO yjs_clients (doc_id, client_id, member_id) VALUES (?, ?, ?)`,
  clientsOf: `SELECT client_id AS clientId, member_id AS memberId FROM yjs_clients WHERE doc_id = ?`,
  insertAudit: `INSERT INTO audit_log (doc_id, member_id, at, kind, detail) VALUES (?, ?, ?, ?, ?)`,
  listAudit: `SELECT id, doc_id AS docId, member_id AS memberId, at, kind, detail FROM audit_log
    WHERE doc_id = ? ORDER BY id DESC LIMIT ?`,
  insertQuarantine: `INSERT INTO quarantine (doc_id, member_id, at, reason, data) VALUES (?, ?, ?, ?, ?)`,
  listQuarantine: `SELECT id, doc_id AS docId, member_id AS memberId, at, reason, data FROM quarantine
    WHERE doc_id = ? ORDER BY id DESC LIMIT ?`,
  insertRevision: `INSERT INTO revisions (doc_id, number, symbol, issued_at, note, issued_by, member_id, state)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  listRevisions: `SELECT number, symbol, issued_at AS issuedAt, note, issued_by AS issuedBy FROM revisions
    WHERE doc_id = ? ORDER BY number`,
  getRevision: `SELECT number, symbol, issued_at AS issuedAt, note, issued_by AS issuedBy, member_id AS memberId, state
    FROM revisions WHERE doc_id = ? AND number = ?`,
} as const

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:'. */
  filename: string
}

export class SqliteStore implements DocumentStore {
  readonly db: Database.Database
  private readonly stmt: { [K in keyof typeof SQL]: Database.Statement }
  private readonly appendAll: (entries: readonly UpdateEntry[]) => void
  private readonly compactTx: (docId: string, snapshot: Uint8Array) => void
  private readonly createDocTx: (doc: DocumentRecord, initialState: Uint8Array) => void

  constructor(options: SqliteStoreOptions) {
    this.db = new Database(options.filename)
    // Set both explicitly: the bundled default for WAL is synchronous=NORMAL, which can lose
    // committed transactions on power loss.
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 5000')
    migrate(this.db)
    this.stmt = Object.fromEntries(
      Object.entries(SQL).map(([k, sql]) => [k, this.db.prepare(sql)]),
    ) as { [K in keyof typeof SQL]: Database.Statement }

    this.appendAll = this.db.transaction((entries: readonly UpdateEntry[]) => {
      const at = new Date().toISOString()
      for (const e of entries) {
        if (e.creates) {
          this.stmt.insertDocument.run(e.creates.document)
          this.stmt.putSnapshot.run(e.creates.document.id, e.creates.state)
        }
        this.stmt.appendUpdate.run(e.docId, e.update)
        for (const clientId of e.author?.newClientIds ?? []) this.stmt.bindClient.run(e.docId, clientId, e.author!.memberId)
        const r = e.revision
        if (r) this.stmt.insertRevision.run(e.docId, r.number, r.symbol, r.issuedAt, r.note, r.issuedBy, r.memberId, r.state)
      }
      for (const row of auditRowsOf(entries)) {
        this.stmt.insertAudit.run(row.docId, row.memberId, at, row.kind, JSON.stringify(row.detail))
      }
    })
    this.compactTx = this.db.transaction((docId: string, snapshot: Uint8Array) => {
      this.stmt.putSnapshot.run(docId, snapshot)
      this.stmt.clearLog.run(docId)
    })
    this.createDocTx = this.db.transaction((doc: DocumentRecord, initialState: Uint8Array) => {
      this.stmt.insertDocument.run(doc)
      this.stmt.putSnapshot.run(doc.id, initialState)
    })
  }

  createGroup(group: GroupRecord): void {
    if (this.getGroup(group.id)) throw new StoreError('duplicate', `group ${group.id} exists`)
    this.stmt.insertGroup.run(group)
  }

  listGroups(): GroupRecord[] {
    return this.stmt.listGroups.all() as GroupRecord[]
  }

  getGroup(id: string): GroupRecord | null {
    return (this.stmt.getGroup.get(id) as GroupRecord | undefined) ?? null
  }

  createDocument(doc: DocumentRecord, initialState: Uint8Array): void {
    if (this.getDocument(doc.id)) throw new StoreError('duplicate', `document ${doc.id} exists`)
    if (!this.getGroup(doc.groupId)) throw new StoreError('not-found', `group ${doc.groupId} does not exist`)
    this.createDocTx(doc, initialState)
  }

  getDocument(id: string): DocumentRecord | null {
    return (this.stmt.getDocument.get(id) as DocumentRecord | undefined) ?? null
  }

  listDocuments(): DocumentRecord[] {
    return this.stmt.listDocuments.all() as DocumentRecord[]
  }

  loadHistory(docId: string): LoadedHistory {
    const snap = this.stmt.getSnapshot.get(docId) as { snapshot: Buffer } | undefined
    const log = (this.stmt.logOf.all(docId) as { data: Buffer }[]).map((r) => toBytes(r.data))
    const owners = this.stmt.clientsOf.all(docId) as { clientId: number; memberId: string }[]
    return {
      updates: snap ? [toBytes(snap.snapshot), ...log] : log,
      logLength: log.length,
      clientOwners: new Map(owners.map((o) => [o.clientId, o.memberId])),
    }
  }

  appendUpdates(entries: readonly UpdateEntry[]): void {
    if (entries.length > 0) this.appendAll(entries)
  }

  compact(docId: string, snapshot: Uint8Array): void {
    this.compactTx(docId, snapshot)
  }

  bindClient(docId: string, clientId: number, memberId: string): void {
    this.stmt.bindClient.run(docId, clientId, memberId)
  }

  listRevisions(docId: string): RevisionInfo[] {
    return this.stmt.listRevisions.all(docId) as RevisionInfo[]
  }

  getRevision(docId: string, number: number): IssuedRevision | null {
    const row = this.stmt.getRevision.get(docId, number) as (IssuedRevision & { state: Buffer }) | undefined
    return row ? { ...row, state: toBytes(row.state) } : null
  }

  recordCommand(entry: { docId: string; memberId: string; detail: Record<string, unknown> }): void {
    this.stmt.insertAudit.run(entry.docId, entry.memberId, new Date().toISOString(), 'command', JSON.stringify(entry.detail))
  }

  listAudit(docId: string, limit = 200): AuditRecord[] {
    return this.stmt.listAudit.all(docId, limit) as AuditRecord[]
  }

  quarantine(entry: { docId: string; memberId: string | null; reason: string; data: Uint8Array }): number {
    return Number(this.stmt.insertQuarantine.run(entry.docId, entry.memberId, new Date().toISOString(), entry.reason, entry.data).lastInsertRowid)
  }

  listQuarantine(docId: string, limit = 200): QuarantineRecord[] {
    return (this.stmt.listQuarantine.all(docId, limit) as (QuarantineRecord & { data: Buffer })[]).map((r) => ({
      ...r,
      data: toBytes(r.data),
    }))
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

function toBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

function migrate(db: Database.Database): void {
  db.exec(SQL.createMigrations)
  const applied = new Set((db.prepare(SQL.appliedVersions).all() as { version: number }[]).map((r) => r.version))
  const record = db.prepare(SQL.recordMigration)
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    })()
  }
}

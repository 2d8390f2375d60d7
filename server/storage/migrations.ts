/**
 * Versioned SQLite migrations. Each runs once, in order, inside a transaction, and is recorded in
 * `schema_migrations`. Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'groups, documents, snapshots and update log',
    sql: `
      CREATE TABLE groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        title TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE doc_snapshots (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id),
        snapshot BLOB NOT NULL
      );
      CREATE TABLE doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        data BLOB NOT NULL
      );
      CREATE INDEX doc_updates_by_doc ON doc_updates(doc_id, seq);
    `,
  },
  {
    version: 2,
    name: 'members, invitations, sessions, Yjs client ids, quarantine, audit log',
    sql: `
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        display_name TEXT NOT NULL,
        delegation TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('chair', 'secretariat', 'member', 'observer')),
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX members_by_group ON members(group_id);
      CREATE TABLE invitations (
        token_hash TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        ended_at TEXT
      );
      CREATE TABLE yjs_clients (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        client_id INTEGER NOT NULL,
        member_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, client_id)
      );
      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL,
        member_id TEXT,
        at TEXT NOT NULL,
        reason TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL,
        member_id TEXT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX audit_by_doc ON audit_log(doc_id, id);
    `,
  },
  {
    version: 3,
    name: 'revisions (SPEC V2): immutable, never touched by compaction',
    sql: `
      CREATE TABLE revisions (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        number INTEGER NOT NULL CHECK (number > 0),
        symbol TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        note TEXT NOT NULL,
        issued_by TEXT NOT NULL CHECK (issued_by IN ('chair', 'secretariat')),
        member_id TEXT NOT NULL,
        state BLOB NOT NULL,
        PRIMARY KEY (doc_id, number)
      );
    `,
  },
]

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
]

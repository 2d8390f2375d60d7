import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemoryStore } from '../../server/storage/MemoryStore.ts'
import { SqliteStore } from '../../server/storage/SqliteStore.ts'
import { MIGRATIONS } from '../../server/storage/migrations.ts'
import { runStorageContract } from './storageContract.ts'

const tempDirs: string[] = []
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-store-'))
  tempDirs.push(dir)
  return path.join(dir, 'accord.sqlite')
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true })
})

runStorageContract('MemoryStore', () => new MemoryStore())
runStorageContract('SqliteStore (temp file)', () => new SqliteStore({ filename: tempFile() }))

describe('SqliteStore', () => {
  let filename: string
  let store: SqliteStore
  beforeEach(() => {
    filename = tempFile()
    store = new SqliteStore({ filename })
  })
  afterEach(() => store.close())

  it('[S2] runs with journal_mode=WAL and synchronous=FULL', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2) // 2 = FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('[S2][V2] reopening the file keeps groups, documents, snapshots, logs and revisions', () => {
    store.createGroup({ id: 'g1', name: 'Group', createdAt: '2026-01-01T00:00:00.000Z' })
    const record = { id: 'd1', groupId: 'g1', title: 'Doc', createdAt: '2026-01-02T00:00:00.000Z' }
    store.createDocument(record, new Uint8Array([1, 2, 3]))
    store.appendUpdates([{ docId: 'd1', update: new Uint8Array([4, 5]) }])
    store.appendUpdates([{ docId: 'd1', update: new Uint8Array([6]) }])
    const revision = { number: 1, symbol: 'CRP.1/Rev.1', issuedAt: '2026-03-01T10:00:00.000Z', note: '', issuedBy: 'chair' as const }
    store.appendUpdates([{ docId: 'd1', update: new Uint8Array([8]), revision: { ...revision, memberId: 'm-chair', state: new Uint8Array([1, 2]) } }])
    store.compact('d1', new Uint8Array([1, 2, 3]))
    store.close()

    const reopened = new SqliteStore({ filename })
    try {
      expect(reopened.listGroups().map((g) => g.id)).toEqual(['g1'])
      expect(reopened.getDocument('d1')).toEqual(record)
      expect(reopened.listRevisions('d1')).toEqual([revision])
      expect([...reopened.getRevision('d1', 1)!.state]).toEqual([1, 2])
      const history = reopened.loadHistory('d1')
      expect(history.logLength).toBe(0)
      expect(history.updates.map((u) => [...u])).toEqual([[1, 2, 3]])
      reopened.appendUpdates([{ docId: 'd1', update: new Uint8Array([7]) }])
      reopened.appendUpdates([{ docId: 'd1', update: new Uint8Array([9]) }])
      expect(reopened.loadHistory('d1').updates.map((u) => [...u])).toEqual([[1, 2, 3], [7], [9]])
    } finally {
      reopened.close()
    }
  })

  it('[S2] records every migration in schema_migrations; re-running them on reopen is a no-op', () => {
    type Row = { version: number; name: string; applied_at: string }
    const rows = store.db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Row[]
    expect(rows.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]))
    store.createGroup({ id: 'g1', name: 'Group', createdAt: '2026-01-01T00:00:00.000Z' })
    store.close()

    // Reopening twice neither re-applies a migration (CREATE TABLE would throw) nor records it again.
    for (let i = 0; i < 2; i++) {
      const again = new SqliteStore({ filename })
      try {
        const after = again.db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Row[]
        expect(after).toEqual(rows)
        expect(again.listGroups().map((g) => g.id)).toEqual(['g1'])
      } finally {
        again.close()
      }
    }
  })

  it('[S6] close is idempotent', () => {
    store.close()
    expect(() => store.close()).not.toThrow()
  })
})

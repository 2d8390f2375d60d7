/**
 * DocumentStore in memory, for unit tests. Same contract as SqliteStore (test/unit/storageContract.ts).
 */
import {
  StoreError,
  type DocumentRecord,
  type DocumentStore,
  type GroupRecord,
  type LoadedHistory,
  type UpdateEntry,
} from './DocumentStore.ts'

export class MemoryStore implements DocumentStore {
  private readonly groups = new Map<string, GroupRecord>()
  private readonly docs = new Map<string, DocumentRecord>()
  private readonly snapshots = new Map<string, Uint8Array>()
  private readonly logs = new Map<string, Uint8Array[]>()

  createGroup(group: GroupRecord): void {
    if (this.groups.has(group.id)) throw new StoreError('duplicate', `group ${group.id} exists`)
    this.groups.set(group.id, { ...group })
  }

  listGroups(): GroupRecord[] {
    return [...this.groups.values()].sort(byCreated)
  }

  getGroup(id: string): GroupRecord | null {
    return this.groups.get(id) ?? null
  }

  createDocument(doc: DocumentRecord, initialState: Uint8Array): void {
    if (this.docs.has(doc.id)) throw new StoreError('duplicate', `document ${doc.id} exists`)
    if (!this.groups.has(doc.groupId)) throw new StoreError('not-found', `group ${doc.groupId} does not exist`)
    this.docs.set(doc.id, { ...doc })
    this.snapshots.set(doc.id, initialState.slice())
  }

  getDocument(id: string): DocumentRecord | null {
    return this.docs.get(id) ?? null
  }

  listDocuments(): DocumentRecord[] {
    return [...this.docs.values()].sort(byCreated)
  }

  loadHistory(docId: string): LoadedHistory {
    const snap = this.snapshots.get(docId)
    const log = this.logs.get(docId) ?? []
    return { updates: snap ? [snap, ...log] : [...log], logLength: log.length }
  }

  appendUpdates(entries: readonly UpdateEntry[]): void {
    for (const e of entries) {
      if (!this.docs.has(e.docId)) throw new StoreError('not-found', `document ${e.docId} does not exist`)
    }
    for (const e of entries) {
      const log = this.logs.get(e.docId) ?? []
      log.push(e.update.slice())
      this.logs.set(e.docId, log)
    }
  }

  compact(docId: string, snapshot: Uint8Array): void {
    if (!this.docs.has(docId)) throw new StoreError('not-found', `document ${docId} does not exist`)
    this.snapshots.set(docId, snapshot.slice())
    this.logs.delete(docId)
  }

  close(): void {}
}

const byCreated = <T extends { createdAt: string; id: string }>(a: T, b: T): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

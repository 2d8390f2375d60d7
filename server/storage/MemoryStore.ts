/**
 * DocumentStore in memory, for unit tests. Same contract as SqliteStore (test/unit/storageContract.ts).
 */
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
import { auditRowsOf } from './auditRows.ts'

export class MemoryStore implements DocumentStore {
  private readonly groups = new Map<string, GroupRecord>()
  private readonly docs = new Map<string, DocumentRecord>()
  private readonly snapshots = new Map<string, Uint8Array>()
  private readonly logs = new Map<string, Uint8Array[]>()
  private readonly owners = new Map<string, Map<number, string>>()
  private readonly audit: AuditRecord[] = []
  private readonly refused: QuarantineRecord[] = []
  private readonly revisions = new Map<string, IssuedRevision[]>()

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
    return {
      updates: snap ? [snap, ...log] : [...log],
      logLength: log.length,
      clientOwners: new Map(this.owners.get(docId) ?? []),
    }
  }

  appendUpdates(entries: readonly UpdateEntry[]): void {
    for (const e of entries) {
      if (!this.docs.has(e.docId)) throw new StoreError('not-found', `document ${e.docId} does not exist`)
    }
    const created = entries.flatMap((e) => (e.creates ? [e.creates.document] : []))
    for (const doc of created) {
      if (this.docs.has(doc.id) || created.filter((d) => d.id === doc.id).length > 1) throw new StoreError('duplicate', `document ${doc.id} exists`)
      if (!this.groups.has(doc.groupId)) throw new StoreError('not-found', `group ${doc.groupId} does not exist`)
    }
    const issued = entries.flatMap((e) => (e.revision ? [`${e.docId}\u0000${e.revision.number}`] : []))
    for (const key of issued) {
      const [docId, n] = key.split('\u0000') as [string, string]
      if (issued.indexOf(key) !== issued.lastIndexOf(key) || this.getRevision(docId, Number(n))) {
        throw new StoreError('duplicate', `revision ${n} of document ${docId} exists`)
      }
    }
    for (const e of entries) {
      if (e.creates) {
        this.docs.set(e.creates.document.id, { ...e.creates.document })
        this.snapshots.set(e.creates.document.id, e.creates.state.slice())
      }
      if (e.revision) this.revisions.set(e.docId, [...(this.revisions.get(e.docId) ?? []), { ...e.revision, state: e.revision.state.slice() }])
      const log = this.logs.get(e.docId) ?? []
      log.push(e.update.slice())
      this.logs.set(e.docId, log)
      if (!e.author) continue
      const owners = this.owners.get(e.docId) ?? new Map<number, string>()
      for (const id of e.author.newClientIds) if (!owners.has(id)) owners.set(id, e.author.memberId)
      this.owners.set(e.docId, owners)
    }
    for (const row of auditRowsOf(entries)) this.addAudit(row.docId, row.memberId, row.kind, JSON.stringify(row.detail))
  }

  bindClient(docId: string, clientId: number, memberId: string): void {
    if (!this.docs.has(docId)) throw new StoreError('not-found', `document ${docId} does not exist`)
    const owners = this.owners.get(docId) ?? new Map<number, string>()
    if (!owners.has(clientId)) owners.set(clientId, memberId)
    this.owners.set(docId, owners)
  }

  listRevisions(docId: string): RevisionInfo[] {
    return (this.revisions.get(docId) ?? []).map(({ number, symbol, issuedAt, note, issuedBy }) => ({ number, symbol, issuedAt, note, issuedBy }))
  }

  getRevision(docId: string, number: number): IssuedRevision | null {
    const r = (this.revisions.get(docId) ?? []).find((x) => x.number === number)
    return r ? { ...r, state: r.state.slice() } : null
  }

  recordCommand(entry: { docId: string; memberId: string; detail: Record<string, unknown> }): void {
    this.addAudit(entry.docId, entry.memberId, 'command', JSON.stringify(entry.detail))
  }

  listAudit(docId: string, limit = 200): AuditRecord[] {
    return this.audit.filter((r) => r.docId === docId).reverse().slice(0, limit)
  }

  quarantine(entry: { docId: string; memberId: string | null; reason: string; data: Uint8Array }): number {
    const id = this.refused.length + 1
    this.refused.push({ id, at: new Date().toISOString(), ...entry, data: entry.data.slice() })
    return id
  }

  listQuarantine(docId: string, limit = 200): QuarantineRecord[] {
    return this.refused.filter((r) => r.docId === docId).reverse().slice(0, limit)
  }

  private addAudit(docId: string, memberId: string, kind: AuditRecord['kind'], detail: string): void {
    this.audit.push({ id: this.audit.length + 1, docId, memberId, at: new Date().toISOString(), kind, detail })
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

/**
 * Creating and listing documents: the operations behind the JSON API, independent of HTTP.
 */
import { DOCUMENT_ID_PATTERN } from '../../shared/protocol.ts'
import { newId } from '../../shared/ids.ts'
import type { DocumentRecord, DocumentStore, GroupRecord } from '../storage/DocumentStore.ts'
import { blankDocument, initialState } from './initialState.ts'
import { DEMO_DOCUMENT, DEMO_GROUP, demoConsensus, demoContent } from '../demo/demoDocument.ts'

export const MAX_TITLE_LENGTH = 200

export class InputError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message)
    this.name = 'InputError'
  }
}

export class DocumentService {
  constructor(private readonly store: DocumentStore) {}

  listGroups(): GroupRecord[] {
    return this.store.listGroups()
  }

  listDocuments(): DocumentRecord[] {
    return this.store.listDocuments()
  }

  getDocument(id: string): DocumentRecord {
    const doc = DOCUMENT_ID_PATTERN.test(id) ? this.store.getDocument(id) : null
    if (!doc) throw new InputError(404, `no document ${JSON.stringify(id)}`)
    return doc
  }

  /** Creates a blank rolling document in `groupId`; validates its input and names the bad field. */
  createDocument(input: { title?: unknown; groupId?: unknown }): DocumentRecord {
    const title = typeof input.title === 'string' ? input.title.trim() : ''
    if (!title) throw new InputError(400, 'title is required (a non-empty string)')
    if (title.length > MAX_TITLE_LENGTH) throw new InputError(400, `title is longer than ${MAX_TITLE_LENGTH} characters`)
    if (typeof input.groupId !== 'string' || !this.store.getGroup(input.groupId)) {
      throw new InputError(400, `groupId must name an existing working group, got ${JSON.stringify(input.groupId)}`)
    }
    const record: DocumentRecord = {
      id: newId('d'),
      groupId: input.groupId,
      title,
      createdAt: new Date().toISOString(),
    }
    this.store.createDocument(record, initialState(blankDocument(title)))
    return record
  }

  /** On an empty store, creates the demo working group and its rolling document. Returns true if it did. */
  seedDemoIfEmpty(): boolean {
    if (this.store.listGroups().length > 0) return false
    const now = new Date().toISOString()
    this.store.createGroup({ ...DEMO_GROUP, createdAt: now })
    this.store.createDocument(
      { ...DEMO_DOCUMENT, groupId: DEMO_GROUP.id, createdAt: now },
      initialState(demoContent(), demoConsensus()),
    )
    return true
  }
}

/**
 * Creating and listing documents: the operations behind the JSON API, independent of HTTP.
 */
import { InputError } from '../errors.ts'
import { DOCUMENT_ID_PATTERN } from '../../shared/protocol.ts'
import { newId } from '../../shared/ids.ts'
import type { DocumentRecord, DocumentStore, GroupRecord } from '../storage/DocumentStore.ts'
import type { Member } from '../access/AccessStore.ts'
import { may } from '../../shared/roles.ts'
import { blankDocument, initialState } from './initialState.ts'
import { createDocumentRequest, requestProblem } from '../../shared/apiSchemas.ts'
import { DEMO_DOCUMENT, DEMO_GROUP, demoConsensus, demoContent } from '../demo/demoDocument.ts'

export class DocumentService {
  constructor(private readonly store: DocumentStore) {}

  /** The working groups `actor` belongs to (one, today). */
  listGroups(actor: Member): GroupRecord[] {
    return this.store.listGroups().filter((g) => g.id === actor.groupId)
  }

  listDocuments(actor: Member): DocumentRecord[] {
    return this.store.listDocuments().filter((d) => d.groupId === actor.groupId)
  }

  /** The document, if it exists (404) and belongs to the actor's working group (403). */
  getDocument(actor: Member, id: string): DocumentRecord {
    const doc = DOCUMENT_ID_PATTERN.test(id) ? this.store.getDocument(id) : null
    if (!doc) throw new InputError(404, `no document ${JSON.stringify(id)}`)
    if (doc.groupId !== actor.groupId) throw new InputError(403, 'this document belongs to another working group')
    return doc
  }

  /**
   * Creates a blank rolling document in the actor's working group (chair and secretariat only);
   * validates its input and names the bad field.
   */
  createDocument(actor: Member, input: unknown): DocumentRecord {
    if (!may(actor.role, 'manageMembers')) throw new InputError(403, 'only the chair and the secretariat create documents')
    const parsed = createDocumentRequest.safeParse(input)
    if (!parsed.success) throw new InputError(400, requestProblem(parsed.error))
    const { title, groupId = actor.groupId } = parsed.data
    if (groupId !== actor.groupId) {
      throw new InputError(403, `you cannot create documents in working group ${JSON.stringify(groupId)}`)
    }
    const record: DocumentRecord = {
      id: newId('d'),
      groupId: actor.groupId,
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

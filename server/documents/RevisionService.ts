/**
 * Reading revisions (SPEC V3-V6): the list, one revision's state, its concordance with the one
 * before, and the comparison of any two states (two revisions, or a revision and now). Reads only:
 * issuing is a command on the core's one path (server/collab/revisionCommand.ts). Independent of
 * HTTP; the caller has checked that the member may see the document.
 */
import * as Y from 'yjs'
import { InputError } from '../errors.ts'
import { concordance, type ConcordanceRow } from '../../shared/concordance.ts'
import { compareDocuments, factsOf, type Comparison } from '../../shared/comparison.ts'
import { numberTableOf } from '../../shared/numbering.ts'
import { revisionName, suggestSymbol, type RevisionInfo } from '../../shared/revisions.ts'
import { STORAGE_ORIGIN } from '../../shared/origins.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import type { CollabServer } from '../collab/CollabServer.ts'

/** Which state to compare: a revision's number, or the document as it stands now. */
export type StateRef = number | 'now'

export interface ComparisonAnswer extends Comparison {
  from: RevisionInfo | 'now'
  to: RevisionInfo | 'now'
}

export class RevisionService {
  constructor(
    private readonly store: DocumentStore,
    private readonly collab: CollabServer,
  ) {}

  list(docId: string): { revisions: RevisionInfo[]; suggestedSymbol: string } {
    const revisions = this.store.listRevisions(docId)
    return { revisions, suggestedSymbol: suggestSymbol(revisions.at(-1) ?? null) }
  }

  /** The stored state of Rev.`number` (404 in words when there is none). */
  state(docId: string, number: number): Uint8Array {
    return this.issued(docId, number).state
  }

  /** Each paragraph's number in Rev.`number` and in the revision before it (V4). */
  concordance(docId: string, number: number): { revision: RevisionInfo; previous: RevisionInfo | null; rows: ConcordanceRow[] } {
    const issued = this.issued(docId, number)
    const previous = number > 1 ? this.store.getRevision(docId, number - 1) : null
    const table = withDoc(issued.state, numberTableOf)
    const rows = concordance(table, previous ? withDoc(previous.state, numberTableOf) : null)
    return { revision: infoOf(issued), previous: previous ? infoOf(previous) : null, rows }
  }

  /** `from` against `to`, paragraph by paragraph (V6). */
  compare(docId: string, from: StateRef, to: StateRef): ComparisonAnswer {
    const read = (ref: StateRef) => {
      if (ref === 'now') return { info: 'now' as const, facts: this.collab.withDocument(docId, (room) => factsOf(room.doc)) }
      const issued = this.issued(docId, ref)
      return { info: infoOf(issued), facts: withDoc(issued.state, factsOf) }
    }
    const [a, b] = [read(from), read(to)]
    return { from: a.info, to: b.info, ...compareDocuments(a.facts, b.facts) }
  }

  private issued(docId: string, number: number) {
    const revision = Number.isInteger(number) && number > 0 ? this.store.getRevision(docId, number) : null
    if (!revision) throw new InputError(404, `there is no ${Number.isInteger(number) && number > 0 ? revisionName(number) : 'such revision'} of this document`)
    return revision
  }
}

/** What everyone may know of a stored revision: never who issued it by name (Chatham House). */
function infoOf(r: RevisionInfo): RevisionInfo {
  return { number: r.number, symbol: r.symbol, issuedAt: r.issuedAt, note: r.note, issuedBy: r.issuedBy }
}

/** Reads a stored state in a Y.Doc of its own, dropped afterwards. */
function withDoc<T>(state: Uint8Array, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state, STORAGE_ORIGIN)
    return read(doc)
  } finally {
    doc.destroy()
  }
}

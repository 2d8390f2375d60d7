/**
 * Issuing a revision (SPEC V1-V5): decided by the shared `decideRevision`, written by the server
 * under its own origin as the document's latest revision (`meta.revision`, with the numbers fixed
 * now), and stored, with the document's state, in the commit of that update and its audit row.
 */
import { cleanNumberTable } from '../../shared/numbering.ts'
import { decideRevision, readLatestRevision, type LatestRevision, type RevisionInfo } from '../../shared/revisions.ts'
import { metaOf } from '../../shared/ydoc.ts'
import type { RevisionCommandValue, RefusalKind } from '../../shared/commandSchemas.ts'
import type { DocumentRole } from '../../shared/roles.ts'
import type { Room } from './Room.ts'

export type RevisionResult = { ok: true; revision: RevisionInfo } | { ok: false; refusal: RefusalKind; reason: string }

export function runRevision(room: Room, actor: { memberId: string; role: DocumentRole }, command: RevisionCommandValue, now = new Date()): RevisionResult {
  const meta = metaOf(room.doc)
  const decision = decideRevision(actor.role, readLatestRevision(meta.get('revision')), {
    symbol: command.symbol,
    note: command.note ?? '',
    issuedAt: command.issuedAt ?? now.toISOString(),
  })
  if (!decision.ok) return decision
  const { revision } = decision
  const latest: LatestRevision = { ...revision, numbers: cleanNumberTable(room.doc) }
  room.applyCommand(actor.memberId, { action: 'issueRevision', revision: revision.number, symbol: revision.symbol }, () => meta.set('revision', latest), { revision })
  return { ok: true, revision }
}

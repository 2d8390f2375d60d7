/**
 * Documents, the chair's status commands and the internal records (audit log, quarantine).
 * Every route runs after `requireMember`; the services check what the member may do.
 */
import express, { type Response } from 'express'
import type { DocumentService } from '../documents/DocumentService.ts'
import type { CollabServer } from '../collab/CollabServer.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import type { AccessStore, Member } from '../access/AccessStore.ts'
import { runStatusCommand } from '../collab/statusCommand.ts'
import { runReservation } from '../collab/reservationCommand.ts'
import { isStatusAction } from '../../shared/statusCommands.ts'
import { canReadRecords } from '../../shared/roles.ts'
import { InputError } from '../errors.ts'

export interface DocumentRoutesDeps {
  documents: DocumentService
  collab: CollabServer
  store: DocumentStore
  access: AccessStore
}

const actorOf = (res: Response): Member => res.locals.member as Member

export function documentRoutes({ documents, collab, store, access }: DocumentRoutesDeps): express.Router {
  const r = express.Router()
  r.get('/groups', (_req, res) => {
    res.json({ groups: documents.listGroups(actorOf(res)) })
  })
  r.get('/documents', (_req, res) => {
    res.json({ documents: documents.listDocuments(actorOf(res)) })
  })
  r.get('/documents/:id', (req, res) => {
    res.json({ document: documents.getDocument(actorOf(res), req.params.id) })
  })
  r.post('/documents', (req, res) => {
    const created = documents.createDocument(actorOf(res), (req.body ?? {}) as { title?: unknown; groupId?: unknown })
    res.status(201).location(`/api/documents/${created.id}`).json({ document: created })
  })

  r.post('/documents/:id/paragraphs/:paragraphId/status', (req, res) => {
    const actor = actorOf(res)
    const doc = documents.getDocument(actor, req.params.id)
    const body = (req.body ?? {}) as { action?: unknown; views?: unknown }
    if (!isStatusAction(body.action)) {
      throw new InputError(400, 'action must be one of agree, agreeAdRef, reopen, moveToAnnex, restore')
    }
    const views = Array.isArray(body.views) ? body.views.filter((v): v is string => typeof v === 'string').slice(0, 20) : undefined
    const action = body.action
    const result = collab.withDocument(doc.id, (room) =>
      runStatusCommand(room, { recommendationId: req.params.paragraphId, action, views, memberId: actor.id, role: actor.role }),
    )
    if (!result.ok) throw new InputError(result.status, result.reason)
    store.recordCommand({ docId: doc.id, memberId: actor.id, detail: { action, paragraph: req.params.paragraphId, views } })
    res.json({ entry: result.entry })
  })

  const reserve = (withdraw: boolean) => (req: express.Request, res: express.Response) => {
    const actor = actorOf(res)
    const doc = documents.getDocument(actor, String(req.params.id))
    const paragraphId = String(req.params.paragraphId)
    const body = (req.body ?? {}) as { text?: unknown }
    if (!withdraw && body.text !== undefined && typeof body.text !== 'string') throw new InputError(400, 'text must be a string')
    const text = withdraw ? null : typeof body.text === 'string' ? body.text : ''
    const result = collab.withDocument(doc.id, (room) =>
      runReservation(room, { paragraphId, text, delegation: actor.delegation, memberId: actor.id, role: actor.role }),
    )
    if (!result.ok) throw new InputError(result.status, result.reason)
    store.recordCommand({ docId: doc.id, memberId: actor.id, detail: { action: withdraw ? 'withdrawReservation' : 'reserve', paragraph: paragraphId } })
    res.json({ reservations: result.reservations })
  }
  r.put('/documents/:id/paragraphs/:paragraphId/reservation', reserve(false))
  r.delete('/documents/:id/paragraphs/:paragraphId/reservation', reserve(true))

  r.get('/documents/:id/audit', (req, res) => {
    const doc = recordsOf(actorOf(res), req.params.id)
    const names = memberNames(access, doc.groupId)
    res.json({
      records: store.listAudit(doc.id).map((a) => ({ ...a, detail: JSON.parse(a.detail) as unknown, member: names(a.memberId) })),
    })
  })
  r.get('/documents/:id/quarantine', (req, res) => {
    const doc = recordsOf(actorOf(res), req.params.id)
    const names = memberNames(access, doc.groupId)
    res.json({
      records: store.listQuarantine(doc.id).map((q) => ({
        id: q.id,
        at: q.at,
        reason: q.reason,
        bytes: q.data.byteLength,
        member: names(q.memberId),
      })),
    })
  })

  function recordsOf(actor: Member, docId: string) {
    const doc = documents.getDocument(actor, docId)
    if (!canReadRecords(actor.role)) throw new InputError(403, 'only the chair and the secretariat read the records')
    return doc
  }
  return r
}

function memberNames(access: AccessStore, groupId: string): (id: string | null) => { displayName: string; delegation: string } | null {
  const byId = new Map(access.listMembers(groupId).map((m) => [m.id, { displayName: m.displayName, delegation: m.delegation }]))
  return (id) => (id ? (byId.get(id) ?? null) : null)
}

/**
 * Documents, the chair's status commands and the internal records (audit log, quarantine).
 * Every route runs after `requireMember`; the services check what the member may do.
 */
import express, { type Response } from 'express'
import * as Y from 'yjs'
import type { DocumentService } from '../documents/DocumentService.ts'
import type { CollabServer } from '../collab/CollabServer.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import type { AccessStore, Member } from '../access/AccessStore.ts'
import { runStatusCommand } from '../collab/statusCommand.ts'
import { runReservation } from '../collab/reservationCommand.ts'
import { runSponsorship } from '../collab/sponsorshipCommand.ts'
import { runComment, type CommentRequest } from '../collab/commentCommand.ts'
import { MAX_DELEGATION_LENGTH, type SponsorTarget } from '../../shared/sponsorship.ts'
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

/** The paragraph, or a bracket (`bracketId`) or an option (`groupId`, `option` from 0) in it. */
function sponsorTargetOf(paragraphId: string, body: { bracketId?: unknown; groupId?: unknown; option?: unknown }): SponsorTarget {
  if (body.bracketId !== undefined) {
    if (typeof body.bracketId !== 'string') throw new InputError(400, 'bracketId must be a string')
    return { kind: 'bracket', paragraphId, bracketId: body.bracketId }
  }
  if (body.groupId !== undefined) {
    if (typeof body.groupId !== 'string' || !Number.isInteger(body.option) || (body.option as number) < 0) {
      throw new InputError(400, 'an option is named by groupId (a string) and option (its place, from 0)')
    }
    return { kind: 'option', paragraphId, groupId: body.groupId, option: body.option as number }
  }
  return { kind: 'paragraph', paragraphId }
}

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
  // R15: the document's state as the server has committed it, for a page that comes back with
  // offline changes to plan what it offers. Read, never written.
  r.get('/documents/:id/state', (req, res) => {
    const doc = documents.getDocument(actorOf(res), req.params.id)
    const state = collab.withDocument(doc.id, (room) => {
      collab.flush() // nothing the page sees may be lost by a crash (S1)
      return Y.encodeStateAsUpdate(room.doc)
    })
    res.type('application/octet-stream').set('cache-control', 'no-store').send(Buffer.from(state))
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
      runStatusCommand(room, { recommendationId: req.params.paragraphId, action, views, memberId: actor.id, displayName: actor.displayName, role: actor.role }),
    )
    if (!result.ok) throw new InputError(result.status, result.reason)
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
    res.json({ reservations: result.reservations })
  }
  r.put('/documents/:id/paragraphs/:paragraphId/reservation', reserve(false))
  r.delete('/documents/:id/paragraphs/:paragraphId/reservation', reserve(true))

  // D8, R13: a delegation joins or leaves the sponsors of a paragraph, a bracket or an option.
  r.post('/documents/:id/paragraphs/:paragraphId/sponsors', (req, res) => {
    const actor = actorOf(res)
    const doc = documents.getDocument(actor, String(req.params.id))
    const body = (req.body ?? {}) as { bracketId?: unknown; groupId?: unknown; option?: unknown; join?: unknown; delegation?: unknown }
    const target = sponsorTargetOf(String(req.params.paragraphId), body)
    if (typeof body.join !== 'boolean') throw new InputError(400, 'join must be true (join the sponsors) or false (leave them)')
    if (body.delegation !== undefined && (typeof body.delegation !== 'string' || !body.delegation.trim() || body.delegation.length > MAX_DELEGATION_LENGTH)) {
      throw new InputError(400, `delegation must be a name of 1-${MAX_DELEGATION_LENGTH} characters`)
    }
    const delegation = typeof body.delegation === 'string' ? body.delegation.trim() : actor.delegation
    const result = collab.withDocument(doc.id, (room) =>
      runSponsorship(room, { target, delegation, join: body.join as boolean, own: actor.delegation, memberId: actor.id, role: actor.role }),
    )
    if (!result.ok) throw new InputError(result.status, result.reason)
    res.json({ sponsors: result.sponsors })
  })

  // K1-K5: comment threads, by everyone in the group (observers too).
  const comment = (req: express.Request, res: express.Response, request: CommentRequest, status = 200): void => {
    const actor = actorOf(res)
    const doc = documents.getDocument(actor, String(req.params.id))
    const result = collab.withDocument(doc.id, (room) =>
      runComment(room, { memberId: actor.id, displayName: actor.displayName, delegation: actor.delegation, role: actor.role }, request),
    )
    if (!result.ok) throw new InputError(result.status, result.reason)
    res.status(status).json({ thread: result.thread })
  }
  r.post('/documents/:id/comments', (req, res) => {
    const body = (req.body ?? {}) as { paragraphId?: unknown; anchor?: unknown; quote?: unknown; text?: unknown }
    if (typeof body.paragraphId !== 'string') throw new InputError(400, 'paragraphId must name the paragraph commented on')
    const anchor = body.anchor as { start?: unknown; end?: unknown } | null | undefined
    if (anchor != null && (typeof anchor !== 'object' || typeof anchor.start !== 'string' || typeof anchor.end !== 'string')) {
      throw new InputError(400, 'anchor must be {start, end}: two encoded relative positions')
    }
    const start = anchor ? { start: anchor.start as string, end: anchor.end as string } : null
    comment(req, res, { kind: 'start', paragraphId: body.paragraphId, anchor: start, quote: typeof body.quote === 'string' ? body.quote : '', text: body.text }, 201)
  })
  r.post('/documents/:id/comments/:threadId/replies', (req, res) => {
    comment(req, res, { kind: 'reply', threadId: String(req.params.threadId), text: ((req.body ?? {}) as { text?: unknown }).text })
  })
  r.put('/documents/:id/comments/:threadId/resolution', (req, res) => {
    const resolved = ((req.body ?? {}) as { resolved?: unknown }).resolved
    if (typeof resolved !== 'boolean') throw new InputError(400, 'resolved must be true (resolve) or false (reopen)')
    comment(req, res, { kind: 'resolve', threadId: String(req.params.threadId), resolved })
  })

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

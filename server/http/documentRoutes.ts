/**
 * Documents, the commands on them (status, reservations, sponsorship, comments, revisions) and the internal
 * records (audit log, quarantine). Every route runs after the session check; the services and the
 * core decide what the member may do.
 */
import express, { type Response } from 'express'
import * as Y from 'yjs'
import type { DocumentService } from '../documents/DocumentService.ts'
import type { RevisionService, StateRef } from '../documents/RevisionService.ts'
import { stringify } from 'csv-stringify/sync'
import { revisionName } from '../../shared/revisions.ts'
import type { CollabServer } from '../collab/CollabServer.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import type { AccessStore, Member } from '../access/AccessStore.ts'
import type { RefusalKind } from '../../shared/commandSchemas.ts'
import { may } from '../../shared/roles.ts'
import { InputError } from '../errors.ts'
import { readBreakouts, readCharter, type DocumentHere } from '../../shared/breakouts.ts'
import { metaOf } from '../../shared/ydoc.ts'
import { paragraphLabels } from '../../shared/numbering.ts'
import { rowsOf } from '../collab/reportBackCommand.ts'

export interface DocumentRoutesDeps {
  documents: DocumentService
  revisions: RevisionService
  collab: CollabServer
  store: DocumentStore
  access: AccessStore
}

const actorOf = (res: Response): Member => res.locals.member as Member

/** Each kind of refusal is one HTTP status (docs/API.md). */
const REFUSAL_STATUS: Record<RefusalKind, 400 | 403 | 404 | 409> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409 }

export function documentRoutes({ documents, revisions, collab, store, access }: DocumentRoutesDeps): express.Router {
  const r = express.Router()
  r.get('/groups', (_req, res) => {
    res.json({ groups: documents.listGroups(actorOf(res)) })
  })
  r.get('/documents', (_req, res) => {
    res.json({ documents: documents.listDocuments(actorOf(res)) })
  })
  r.get('/documents/:id', (req, res) => {
    const actor = actorOf(res)
    const document = documents.getDocument(actor, req.params.id)
    // B4: who the person is in this document (a break-out's facilitator), or why they have no place here.
    const here = collab.withDocument(document.id, (room): DocumentHere => {
      const access = room.access({ memberId: actor.id, role: actor.role, delegation: actor.delegation })
      const breakout = readCharter(metaOf(room.doc).get('breakout'))
      return access.ok ? { role: access.role, breakout } : { role: null, refused: access.reason, breakout }
    })
    res.json({ document, here })
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
    const created = documents.createDocument(actorOf(res), req.body as unknown)
    res.status(201).location(`/api/documents/${created.id}`).json({ document: created })
  })

  /**
   * Every command goes through the core's one entry (`CollabServer.runCommand`): the route only
   * builds the command value from the path and the body, and maps a refusal to its status.
   */
  const command = (req: express.Request, res: express.Response, input: Record<string, unknown>, status = 200): void => {
    const actor = actorOf(res)
    const doc = documents.getDocument(actor, String(req.params.id))
    const outcome = collab.runCommand(doc.id, { memberId: actor.id, displayName: actor.displayName, delegation: actor.delegation, role: actor.role }, input)
    if (!outcome.ok) throw new InputError(REFUSAL_STATUS[outcome.refusal], outcome.reason)
    res.status(status).json(outcome.value)
  }
  const body = (req: express.Request): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {})

  // Any command as its typed value (shared/commandSchemas.ts): what the operator's command line sends.
  r.post('/documents/:id/commands', (req, res) => {
    command(req, res, body(req))
  })
  // R3: the chair's status commands.
  r.post('/documents/:id/paragraphs/:paragraphId/status', (req, res) => {
    const { action, views } = body(req)
    command(req, res, { kind: 'status', paragraphId: req.params.paragraphId, action, views })
  })
  // C8: a delegation records or withdraws its reservation.
  r.put('/documents/:id/paragraphs/:paragraphId/reservation', (req, res) => {
    const { text } = body(req)
    command(req, res, { kind: 'reservation', paragraphId: req.params.paragraphId, text: text === undefined ? '' : text })
  })
  r.delete('/documents/:id/paragraphs/:paragraphId/reservation', (req, res) => {
    command(req, res, { kind: 'reservation', paragraphId: req.params.paragraphId, text: null })
  })
  // D8, R13: a delegation joins or leaves the sponsors of a paragraph, a bracket or an option.
  r.post('/documents/:id/paragraphs/:paragraphId/sponsors', (req, res) => {
    const { bracketId, groupId, option, join, delegation } = body(req)
    const paragraphId = req.params.paragraphId
    const target =
      bracketId !== undefined ? { kind: 'bracket', paragraphId, bracketId } : groupId !== undefined ? { kind: 'option', paragraphId, groupId, option } : { kind: 'paragraph', paragraphId }
    command(req, res, { kind: 'sponsorship', target, join, delegation })
  })
  // K1-K5: comment threads, by everyone in the group (observers too).
  r.post('/documents/:id/comments', (req, res) => {
    const { paragraphId, anchor, quote, text } = body(req)
    command(req, res, { kind: 'comment.start', paragraphId, anchor: anchor ?? null, quote: typeof quote === 'string' ? quote : '', text }, 201)
  })
  r.post('/documents/:id/comments/:threadId/replies', (req, res) => {
    command(req, res, { kind: 'comment.reply', threadId: req.params.threadId, text: body(req).text })
  })
  r.put('/documents/:id/comments/:threadId/resolution', (req, res) => {
    command(req, res, { kind: 'comment.resolve', threadId: req.params.threadId, resolved: body(req).resolved })
  })

  // V1-V3: revisions, issued on the command path, read by everyone in the group.
  r.post('/documents/:id/revisions', (req, res) => {
    const { symbol, note, issuedAt } = body(req)
    command(req, res, { kind: 'revision.issue', symbol, note, issuedAt }, 201)
  })
  r.get('/documents/:id/revisions', (req, res) => {
    const doc = documents.getDocument(actorOf(res), req.params.id)
    res.json(revisions.list(doc.id))
  })
  r.get('/documents/:id/revisions/:number', (req, res) => {
    const doc = documents.getDocument(actorOf(res), req.params.id)
    const state = revisions.state(doc.id, Number(req.params.number))
    res.type('application/octet-stream').set('cache-control', 'private, max-age=31536000, immutable').send(Buffer.from(state))
  })
  // V4: the concordance, as JSON or (`?format=csv`) as a file to download.
  r.get('/documents/:id/revisions/:number/concordance', (req, res) => {
    const doc = documents.getDocument(actorOf(res), req.params.id)
    const answer = revisions.concordance(doc.id, Number(req.params.number))
    if (req.query.format !== 'csv') {
      res.json(answer)
      return
    }
    const name = revisionName(answer.revision.number)
    const before = answer.previous ? revisionName(answer.previous.number) : 'Before'
    const csv = stringify([[name, before, 'Change'], ...answer.rows.map((row) => [row.now ?? '', row.before ?? '', row.change])], { escape_formulas: true })
    res
      .type('text/csv; charset=utf-8')
      .attachment(`concordance-${name}.csv`)
      .send(csv)
  })
  // V6: two revisions, or a revision and now (`from=1&to=now`), paragraph by paragraph.
  r.get('/documents/:id/compare', (req, res) => {
    const doc = documents.getDocument(actorOf(res), req.params.id)
    res.set('cache-control', 'no-store').json(revisions.compare(doc.id, stateRef(req.query.from, 'from'), stateRef(req.query.to ?? 'now', 'to')))
  })

  // B1-B3: break-out groups, created on the command path, listed for everyone in the group.
  r.post('/documents/:id/breakouts', (req, res) => {
    command(req, res, { ...body(req), kind: 'breakout.create' }, 201)
  })
  r.post('/documents/:id/breakouts/:breakoutId/close', (req, res) => {
    command(req, res, { kind: 'breakout.close', breakoutId: req.params.breakoutId })
  })
  r.get('/documents/:id/breakouts', (req, res) => {
    const doc = documents.getDocument(actorOf(res), req.params.id)
    const breakouts = collab.withDocument(doc.id, (room) => readBreakouts(metaOf(room.doc).get('breakouts')))
    // B1: who is where, plenary and each break-out (each person once per document).
    const presentIn = (id: string): { displayName: string; delegation: string }[] => {
      const seen = new Map<string, { displayName: string; delegation: string }>()
      for (const c of collab.rooms.get(id)?.connections ?? []) seen.set(c.participant.memberId, { displayName: c.participant.displayName, delegation: c.participant.delegation })
      return [...seen.values()]
    }
    const present: Record<string, { displayName: string; delegation: string }[]> = { [doc.id]: presentIn(doc.id) }
    for (const b of breakouts) if (b.status === 'running') present[b.id] = presentIn(b.id)
    res.set('cache-control', 'no-store').json({ breakouts, present })
  })
  // B5: in a break-out's own document, its facilitator submits the result (again and again).
  r.post('/documents/:id/results', (req, res) => {
    command(req, res, { kind: 'breakout.submit' }, 201)
  })
  // B5: the three-way view of a result (the latest, or ?result=n), read without a write.
  r.get('/documents/:id/breakouts/:breakoutId/report', (req, res) => {
    const doc = documents.getDocument(actorOf(res), req.params.id)
    const number = req.query.result === undefined ? undefined : Number(req.query.result)
    if (number !== undefined && !(Number.isInteger(number) && number > 0)) throw new InputError(400, 'result must be a number (1, 2 ...)')
    const found = collab.withDocument(doc.id, (room) => {
      const breakout = readBreakouts(metaOf(room.doc).get('breakouts')).find((b) => b.id === req.params.breakoutId)
      if (!breakout) return { ok: false as const, refusal: 'not-found' as const, reason: 'no such break-out group of this document' }
      const rows = rowsOf(room, breakout, number)
      if (!rows.ok) return rows
      const labels = paragraphLabels(room.doc)
      return {
        ok: true as const,
        result: { number: rows.result.number, submittedAt: rows.result.submittedAt },
        rows: rows.rows.map((r) => ({
          paragraphId: r.paragraphId,
          label: r.now ? (labels.get(r.paragraphId) ?? null) : null,
          change: r.change,
          byDefault: r.byDefault,
          agreedInBreakout: r.agreedInBreakout,
          start: r.start?.toJSON() ?? null,
          result: r.result?.toJSON() ?? null,
          now: r.now?.toJSON() ?? null,
        })),
      }
    })
    if (!found.ok) throw new InputError(REFUSAL_STATUS[found.refusal], found.reason)
    res.set('cache-control', 'no-store').json({ result: found.result, rows: found.rows })
  })
  // B6: the chair brings the result in with a choice per paragraph; the break-out closes.
  r.post('/documents/:id/breakouts/:breakoutId/report', (req, res) => {
    command(req, res, { ...body(req), kind: 'breakout.report', breakoutId: req.params.breakoutId })
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
    if (!may(actor.role, 'readRecords')) throw new InputError(403, 'only the chair and the secretariat read the records')
    return doc
  }
  return r
}

function memberNames(access: AccessStore, groupId: string): (id: string | null) => { displayName: string; delegation: string } | null {
  const byId = new Map(access.listMembers(groupId).map((m) => [m.id, { displayName: m.displayName, delegation: m.delegation }]))
  return (id) => (id ? (byId.get(id) ?? null) : null)
}

/** `from` / `to` of a comparison: a revision's number (`2`, `Rev.2`) or `now`. */
function stateRef(value: unknown, name: string): StateRef {
  if (value === 'now') return 'now'
  const m = typeof value === 'string' ? /^(?:Rev\.)?(\d{1,9})$/.exec(value) : null
  if (!m) throw new InputError(400, `${name} must be a revision number (1 for Rev.1) or now`)
  return Number(m[1])
}

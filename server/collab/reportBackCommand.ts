/**
 * A break-out's result, submitted and brought back into plenary (SPEC B5, B6). Submitting is the
 * facilitator's command in the break-out's document: its text as it stands, and what it agreed,
 * recorded in plenary's meta (audited in both documents). Reporting back is the chair's command in
 * plenary: decided by the shared `decideReport` over the three-way rows (`reportRows`), written
 * under the server's origin in one audited transaction (the paragraphs taken, kept as both, added
 * or removed; the break-out marked closed with what it produced), then the break-out's charter is
 * closed, as closing does.
 */
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import { schema } from '../../shared/schema.ts'
import { charterOf, readBreakouts, readCharter, type BreakoutInfo, type BreakoutReport } from '../../shared/breakouts.ts'
import { isLocked, readConsensusEntry } from '../../shared/consensus.ts'
import { paragraphLabels } from '../../shared/numbering.ts'
import { decideReport, readResults, reportRows, resultsKey, startKey, type ReportStep, type SubmittedResult } from '../../shared/reportBack.ts'
import { consensusOf, metaOf, textOf } from '../../shared/ydoc.ts'
import { may, type DocumentRole } from '../../shared/roles.ts'
import type { BreakoutReportValue, RefusalKind } from '../../shared/commandSchemas.ts'
import { noSuchParagraph, readTextOf } from './refusals.ts'
import { findById } from './sponsorIndex.ts'
import type { BreakoutEnv } from './breakoutCommand.ts'
import type { Room } from './Room.ts'

type Refusal = { ok: false; refusal: RefusalKind; reason: string }
type Actor = { memberId: string; role: DocumentRole }

/** B5: the facilitator (or the chair, the secretariat) submits the break-out's text as it stands. */
export function submitResult(room: Room, actor: Actor, env: Pick<BreakoutEnv, 'withDocument' | 'now'>): { ok: true; result: Omit<SubmittedResult, 'content'> } | Refusal {
  const charter = readCharter(metaOf(room.doc).get('breakout'))
  if (!charter) return { ok: false, refusal: 'conflict', reason: "only a break-out group's document is submitted as its result" }
  if (charter.status === 'closed') return { ok: false, refusal: 'conflict', reason: `break-out group ${charter.number} is closed` }
  if (actor.role !== 'facilitator' && !may(actor.role, 'runBreakouts')) {
    return { ok: false, refusal: 'forbidden', reason: `only the facilitator of break-out group ${charter.number} submits its result` }
  }
  const read = readTextOf(room.doc)
  if (!read.ok) return read
  const consensus = consensusOf(room.doc)
  const agreed = [...consensus.keys()].filter((id) => {
    const status = readConsensusEntry(consensus.get(id))?.status
    return status === 'agreed' || status === 'adRef'
  })
  return env.withDocument(charter.plenaryId, (plenary) => {
    const meta = metaOf(plenary.doc)
    const breakout = readBreakouts(meta.get('breakouts')).find((b) => b.id === room.id)
    if (!breakout || breakout.status !== 'running') return { ok: false, refusal: 'conflict', reason: `break-out group ${charter.number} is closed` } as Refusal
    const previous = readResults(meta.get(resultsKey(room.id)))
    const result: SubmittedResult = { number: previous.length + 1, submittedAt: env.now.toISOString(), content: read.text.toJSON(), agreed }
    plenary.applyCommand(actor.memberId, { action: 'submitBreakoutResult', breakout: charter.number, result: result.number }, () => meta.set(resultsKey(room.id), [...previous, result]))
    // Audited in the break-out's own records too (nothing is written there).
    room.applyCommand(actor.memberId, { action: 'submitResult', result: result.number, plenary: plenary.id }, () => {})
    return { ok: true, result: { number: result.number, submittedAt: result.submittedAt, agreed } }
  })
}

/** The three-way rows of a break-out's result `number` (the latest when not given), for the command and its preview. */
export function rowsOf(room: Room, breakout: BreakoutInfo, number?: number) {
  const meta = metaOf(room.doc)
  const results = readResults(meta.get(resultsKey(breakout.id)))
  const result = number === undefined ? results[results.length - 1] : results.find((r) => r.number === number)
  if (!result) return { ok: false, refusal: number === undefined ? 'conflict' : 'not-found', reason: number === undefined ? `break-out group ${breakout.number} has submitted no result yet` : `break-out group ${breakout.number} has no result ${number}` } as Refusal
  const read = readTextOf(room.doc)
  if (!read.ok) return read
  const start = schema.nodeFromJSON(meta.get(startKey(breakout.id)))
  const submitted = schema.nodeFromJSON(result.content)
  const consensus = consensusOf(room.doc)
  const rows = reportRows(start, submitted, new Set(result.agreed), read.text, (id) => isLocked(readConsensusEntry(consensus.get(id))))
  return { ok: true as const, rows, result }
}

/** B6: brings a submitted result into plenary with the chair's choices; closes the break-out. */
export function reportBack(room: Room, actor: Actor, command: BreakoutReportValue, env: Pick<BreakoutEnv, 'withDocument' | 'now'>): { ok: true; breakout: BreakoutInfo & { report: BreakoutReport } } | Refusal {
  const meta = metaOf(room.doc)
  const existing = readBreakouts(meta.get('breakouts'))
  const breakout = existing.find((b) => b.id === command.breakoutId)
  if (!breakout) return { ok: false, refusal: 'not-found', reason: 'no such break-out group of this document' }
  if (!may(actor.role, 'runBreakouts')) return { ok: false, refusal: 'forbidden', reason: "only the chair, or the secretariat on the chair's behalf, brings a break-out's result into plenary" }
  if (breakout.status !== 'running') return { ok: false, refusal: 'conflict', reason: `break-out group ${breakout.number} is closed` }
  const found = rowsOf(room, breakout, command.result)
  if (!found.ok) return found
  const labels = paragraphLabels(room.doc)
  const decision = decideReport(actor.role, found.rows, command.choices, (id) => labels.get(id) ?? id, breakout.number)
  if (!decision.ok) return decision
  const report: BreakoutReport = { result: found.result.number, at: env.now.toISOString(), produced: decision.produced, agreed: decision.agreed }
  const closed = { ...breakout, status: 'closed' as const, report }
  const missing = decision.steps.find((s) => s.kind !== 'insert' && !findById(textOf(room.doc), 'recommendation', s.paragraphId))
  if (missing && missing.kind !== 'insert') return noSuchParagraph(missing.paragraphId)
  room.applyCommand(
    actor.memberId,
    { action: 'reportBack', breakout: breakout.number, result: report.result, produced: report.produced, agreed: report.agreed },
    () => {
      for (const step of decision.steps) write(room.doc, step)
      meta.set('breakouts', existing.map((b) => (b.id === closed.id ? closed : b)))
    },
  )
  env.withDocument(closed.id, (own) =>
    own.applyCommand(actor.memberId, { action: 'breakoutClosed', breakout: closed.number, plenary: room.id }, () => metaOf(own.doc).set('breakout', charterOf(room.id, closed))),
  )
  return { ok: true, breakout: closed }
}

/** One step of a report-back, written into plenary's text (inside the command's transaction). */
function write(doc: Y.Doc, step: ReportStep): void {
  const text = textOf(doc)
  if (step.kind === 'insert') {
    const topic = text.toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'topic' && c.getAttribute('id') === step.topicId)
    // A topic plenary no longer has: the last topic takes it (nothing the break-out wrote is lost).
    const target = topic ?? text.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'topic').pop()!
    const children = target.toArray()
    const after = step.after === null ? -1 : children.findIndex((c) => c instanceof Y.XmlElement && c.getAttribute('id') === step.after)
    target.insert(after >= 0 ? after + 1 : 1, [elementOf(step.node)])
    return
  }
  const el = findById(text, 'recommendation', step.paragraphId)!
  const parent = el.parent as Y.XmlElement
  const index = parent.toArray().indexOf(el)
  parent.delete(index, 1)
  if (step.kind === 'replace') parent.insert(index, [elementOf(step.node)])
}

/** A paragraph as a new Yjs element, as y-prosemirror writes one. */
function elementOf(node: PMNode): Y.XmlElement {
  const scratch = new Y.Doc()
  const fragment = scratch.getXmlFragment('scratch')
  prosemirrorToYXmlFragment(schema.node('annex', null, [node]), fragment)
  return (fragment.get(0) as Y.XmlElement).clone()
}

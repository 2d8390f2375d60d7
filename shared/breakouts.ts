/**
 * Break-out drafting groups (SPEC B1-B3): the chair sends whole topics or chosen paragraphs of the
 * rolling document to a group with a facilitator; the group drafts them in a document of its own,
 * seeded with those paragraphs as they stand. Pure rules, called by the server's command and by the
 * page's form alike: who may create one, which paragraphs may go (unlocked ones, not already in a
 * running break-out), and what the break-out's document holds at the start.
 */
import { Fragment, type Node as PMNode } from 'prosemirror-model'
import { schema } from './schema.ts'
import { may, type DocumentRole, type Role } from './roles.ts'
import { isLocked, type ConsensusEntry } from './consensus.ts'
import { numberDocument } from './numbering.ts'
import type { NumberTable } from './revisions.ts'

export const MAX_BREAKOUT_NAME_LENGTH = 120

/** A break-out as the plenary document records it (`meta.breakouts`), and as it is listed. */
export interface BreakoutInfo {
  /** The break-out's own document. */
  id: string
  /** "Break-out group 1: Topics B and C". */
  name: string
  /** 1 for the first break-out of this document: "in break-out group 1". */
  number: number
  facilitator: { memberId: string; displayName: string; delegation: string }
  /** The plenary paragraphs it works on, in document order. */
  paragraphIds: string[]
  /** Delegations that may join; null: every member of the group. */
  openTo: string[] | null
  /** Observers follow it read-only. */
  observersFollow: boolean
  /** Whether plenary may still edit its paragraphs meanwhile (default: frozen there). */
  plenaryMayEdit: boolean
  status: 'running' | 'closed'
  createdAt: string
  /** Once the chair brought its result into plenary (B6). */
  report?: BreakoutReport
}

/** What a report-back leaves in plenary's record of the break-out (B6). */
export interface BreakoutReport {
  /** Which submitted result came in. */
  result: number
  at: string
  /** Paragraphs whose text now comes from the break-out (taken, both, or added): linked to it. */
  produced: string[]
  /** Those the break-out agreed: proposed in plenary, marked "agreed in break-out group N". */
  agreed: string[]
}

/** The paragraphs a reported break-out produced, with the break-out and whether it agreed them (B6). */
export function producedParagraphs(breakouts: readonly BreakoutInfo[]): Map<string, { breakout: BreakoutInfo; agreed: boolean }> {
  const out = new Map<string, { breakout: BreakoutInfo; agreed: boolean }>()
  for (const b of breakouts) {
    if (!b.report) continue
    const agreed = new Set(b.report.agreed)
    for (const id of b.report.produced) out.set(id, { breakout: b, agreed: agreed.has(id) })
  }
  return out
}

export interface BreakoutRequest {
  name: string
  facilitator: { memberId: string; displayName: string; delegation: string; role: Role } | null
  /** Whole topics (their unlocked paragraphs go) and single paragraphs, by id. */
  topicIds: readonly string[]
  paragraphIds: readonly string[]
  openTo: readonly string[] | null
  observersFollow: boolean
  plenaryMayEdit: boolean
}

export type BreakoutDecision = { ok: true; paragraphIds: string[] } | { ok: false; refusal: 'forbidden' | 'invalid' | 'conflict'; reason: string }

/**
 * Whether `role` may send `request`'s paragraphs of the plenary `text` to a new break-out, and
 * which paragraphs go: those named and the unlocked ones of the topics named, in document order.
 * A paragraph named by itself that is locked, or already in a running break-out, is refused by its
 * number; a locked paragraph of a named topic stays in plenary without a word (agreed text stays
 * there).
 */
export function decideBreakout(
  role: DocumentRole,
  request: BreakoutRequest,
  text: PMNode,
  lookup: (id: string) => ConsensusEntry | null,
  table: NumberTable,
  running: readonly BreakoutInfo[],
): BreakoutDecision {
  if (!may(role, 'runBreakouts')) return { ok: false, refusal: 'forbidden', reason: 'only the chair and the secretariat create break-out groups' }
  const name = request.name.trim()
  if (!name) return { ok: false, refusal: 'invalid', reason: 'a break-out group needs a name' }
  if (name.length > MAX_BREAKOUT_NAME_LENGTH) return { ok: false, refusal: 'invalid', reason: `a break-out group's name has at most ${MAX_BREAKOUT_NAME_LENGTH} characters` }
  if (!request.facilitator) return { ok: false, refusal: 'invalid', reason: 'the facilitator must be a member of this working group' }
  if (request.facilitator.role === 'observer') return { ok: false, refusal: 'invalid', reason: `${request.facilitator.displayName} is an observer and cannot facilitate` }
  if (request.topicIds.length === 0 && request.paragraphIds.length === 0) {
    return { ok: false, refusal: 'invalid', reason: 'choose the topics or paragraphs the break-out group works on' }
  }

  const numbered = numberDocument(text, table)
  const labelOf = new Map(numbered.map((n) => [n.node.attrs.id as string, n.label]))
  const taken = new Map<string, BreakoutInfo>()
  for (const b of running) if (b.status === 'running') for (const id of b.paragraphIds) taken.set(id, b)

  const topics = new Map<string, PMNode>()
  const inTopics = new Set<string>()
  text.forEach((child) => {
    if (child.type.name !== 'topic') return
    topics.set(child.attrs.id as string, child)
    child.forEach((p) => inTopics.add(p.attrs.id as string))
  })
  const chosen = new Set<string>()
  for (const topicId of request.topicIds) {
    const topic = topics.get(topicId)
    if (!topic) return { ok: false, refusal: 'invalid', reason: `no topic ${topicId} in this document` }
    topic.forEach((p) => {
      const id = p.attrs.id as string
      if (p.type.name === 'recommendation' && !isLocked(lookup(id)) && !taken.has(id)) chosen.add(id)
    })
  }
  for (const id of request.paragraphIds) {
    const label = labelOf.get(id)
    if (!label || !inTopics.has(id)) return { ok: false, refusal: 'invalid', reason: label ? `${label} is in the annex and stays in plenary` : `no paragraph ${id} in this document` }
    if (isLocked(lookup(id))) return { ok: false, refusal: 'conflict', reason: `${label} is ${lookup(id)?.status === 'annex' ? 'in the annex' : 'agreed'} and stays in plenary` }
    const other = taken.get(id)
    if (other) return { ok: false, refusal: 'conflict', reason: `${label} is already in break-out group ${other.number}` }
    chosen.add(id)
  }
  if (chosen.size === 0) return { ok: false, refusal: 'conflict', reason: 'every paragraph of those topics is agreed or already in a break-out group' }
  const inOrder = numbered.map((n) => n.node.attrs.id as string).filter((id) => chosen.has(id))
  return { ok: true, paragraphIds: inOrder }
}

/** Whether `role` may close break-out `id` of `breakouts` (B1), or why not. */
export function decideClose(role: DocumentRole, breakouts: readonly BreakoutInfo[], id: string): { ok: true; breakout: BreakoutInfo } | { ok: false; refusal: 'forbidden' | 'not-found' | 'conflict'; reason: string } {
  if (!may(role, 'runBreakouts')) return { ok: false, refusal: 'forbidden', reason: 'only the chair and the secretariat close break-out groups' }
  const breakout = breakouts.find((b) => b.id === id)
  if (!breakout) return { ok: false, refusal: 'not-found', reason: 'no such break-out group of this document' }
  if (breakout.status === 'closed') return { ok: false, refusal: 'conflict', reason: `break-out group ${breakout.number} is already closed` }
  return { ok: true, breakout }
}

/**
 * The break-out's document at the start: its name as the title, then each topic that holds chosen
 * paragraphs (same id and heading) with those paragraphs as they stand in plenary (same ids,
 * sponsors, brackets and alternatives), and an empty annex.
 */
export function breakoutContent(text: PMNode, name: string, paragraphIds: readonly string[]): PMNode {
  const chosen = new Set(paragraphIds)
  const topics: PMNode[] = []
  text.forEach((child) => {
    if (child.type.name !== 'topic') return
    const kept: PMNode[] = []
    child.forEach((p) => {
      if (p.type.name === 'recommendation' && chosen.has(p.attrs.id as string)) kept.push(p)
    })
    // The topic's heading first, as the schema wants.
    if (kept.length) topics.push(child.copy(Fragment.from([child.firstChild!, ...kept])))
  })
  return schema.nodes.doc.createChecked(null, [schema.nodes.title.create(null, schema.text(name)), ...topics, schema.nodes.annex.create()])
}

/** The paragraphs of running break-outs, with the break-out each is in (B3: its badge in plenary). */
export function breakoutParagraphs(breakouts: readonly BreakoutInfo[]): Map<string, BreakoutInfo> {
  const running = new Map<string, BreakoutInfo>()
  for (const b of breakouts) if (b.status === 'running') for (const id of b.paragraphIds) running.set(id, b)
  return running
}

/** The paragraphs frozen in plenary by running break-outs (R4: locked there like agreed text). */
export function frozenParagraphs(breakouts: readonly BreakoutInfo[]): Map<string, BreakoutInfo> {
  return new Map([...breakoutParagraphs(breakouts)].filter(([, b]) => !b.plenaryMayEdit))
}

/** The break-outs a document records (`meta.breakouts`, written only by the server); [] if none. */
export function readBreakouts(value: unknown): BreakoutInfo[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (b): b is BreakoutInfo =>
      typeof b === 'object' && b !== null && typeof b.id === 'string' && typeof b.number === 'number' && Array.isArray(b.paragraphIds) && (b.status === 'running' || b.status === 'closed'),
  )
}

/** Why a frozen paragraph may not be edited in plenary (B3), said as the room says it. */
export const frozenWhy = (label: string, breakout: Pick<BreakoutInfo, 'number'>): string =>
  `${label} is in break-out group ${breakout.number} and frozen in plenary until the group reports back`

/**
 * What a break-out's own document records of itself (`meta.breakout`, written only by the
 * server): which plenary it came from and who may do what in it (B4).
 */
export interface BreakoutCharter {
  plenaryId: string
  number: number
  name: string
  facilitator: BreakoutInfo['facilitator']
  openTo: string[] | null
  observersFollow: boolean
  status: BreakoutInfo['status']
}

/** The charter of a break-out document as its plenary's record says it. */
export const charterOf = (plenaryId: string, b: BreakoutInfo): BreakoutCharter => ({
  plenaryId,
  number: b.number,
  name: b.name,
  facilitator: b.facilitator,
  openTo: b.openTo,
  observersFollow: b.observersFollow,
  status: b.status,
})

/** A document's charter (`meta.breakout`), or null for a document that is no break-out. */
export function readCharter(value: unknown): BreakoutCharter | null {
  if (typeof value !== 'object' || value === null) return null
  const c = value as Partial<BreakoutCharter>
  if (typeof c.plenaryId !== 'string' || typeof c.number !== 'number' || typeof c.facilitator?.memberId !== 'string') return null
  if (c.status !== 'running' && c.status !== 'closed') return null
  return c as BreakoutCharter
}

export type DocumentAccess = { ok: true; role: DocumentRole } | { ok: false; reason: string }

/**
 * B4: who someone of the group is inside a document. In a break-out: its facilitator has the
 * chair's drafting powers ('facilitator'); the chair and the secretariat keep theirs; members join
 * when it is open to all or to their delegation; observers follow read-only when the chair allowed
 * it. Once closed, the document stays readable by everyone of the group, and nobody writes in it.
 * Anywhere else: their role in the group.
 */
export function roleInDocument(charter: BreakoutCharter | null, who: { memberId: string; role: Role; delegation: string }): DocumentAccess {
  if (!charter) return { ok: true, role: who.role }
  if (charter.status === 'closed') return { ok: true, role: 'observer' }
  if (who.role === 'chair' || who.role === 'secretariat') return { ok: true, role: who.role }
  if (who.memberId === charter.facilitator.memberId) return { ok: true, role: 'facilitator' }
  if (who.role === 'observer') {
    return charter.observersFollow ? { ok: true, role: 'observer' } : { ok: false, reason: `observers do not follow break-out group ${charter.number}` }
  }
  if (charter.openTo && !charter.openTo.includes(who.delegation)) {
    return { ok: false, reason: `break-out group ${charter.number} is open to ${charter.openTo.join(', ')} only` }
  }
  return { ok: true, role: who.role }
}

/** Who the person is in a document, as `GET /api/documents/:id` answers (B4). */
export type DocumentHere = { role: DocumentRole; breakout: BreakoutCharter | null } | { role: null; refused: string; breakout: BreakoutCharter | null }

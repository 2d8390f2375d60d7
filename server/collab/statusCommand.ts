/**
 * The chair's status commands applied to a loaded document (SPEC R3, C5): decided by the pure
 * `decideStatus` in shared/, written by the server under its own typed origin. Moving to the annex
 * and restoring move the paragraph's element (same id, same text) between its topic and the annex.
 */
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { decideStatus, type StatusAction } from '../../shared/statusCommands.ts'
import { readConsensusEntry, type ConsensusEntry } from '../../shared/consensus.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import { may, type DocumentRole } from '../../shared/roles.ts'
import type { Room } from './Room.ts'
import type { RefusalKind } from '../../shared/commandSchemas.ts'
import { noSuchParagraph, readTextOf } from './refusals.ts'

export interface StatusCommandRequest {
  recommendationId: string
  action: StatusAction
  views?: readonly string[]
  memberId: string
  /** Who decides, as the room knows them (kept in the paragraph's history, C9). */
  displayName?: string
  role: DocumentRole
}

export type StatusCommandResult =
  | { ok: true; entry: ConsensusEntry }
  | { ok: false; refusal: RefusalKind; reason: string }

export function runStatusCommand(room: Room, req: StatusCommandRequest): StatusCommandResult {
  if (!may(req.role, 'changeStatus')) return { ok: false, refusal: 'forbidden', reason: 'only the chair changes the status of a paragraph' }
  // Read, never repaired: the authoritative document is written only under the server's origin.
  const read = readTextOf(room.doc)
  if (!read.ok) return read
  const text = read.text
  const found = findRecommendation(text, req.recommendationId)
  if (!found) return noSuchParagraph(req.recommendationId)
  const consensus = consensusOf(room.doc)
  const current = readConsensusEntry(consensus.get(req.recommendationId))
  const decision = decideStatus(found.node, current, {
    action: req.action,
    views: req.views,
    topicId: found.topicId,
    after: found.after,
    at: new Date().toISOString(),
    ...(req.displayName ? { by: req.displayName } : {}),
  })
  if (!decision.ok) return { ok: false, refusal: 'conflict', reason: decision.reason }
  // Members may have removed the annex or every topic (nothing locked in them): refuse, not throw.
  const needs = req.action === 'moveToAnnex' ? 'annex' : req.action === 'restore' ? 'topic' : null
  if (needs && !sections(room.doc).some((s) => s.nodeName === needs)) {
    return { ok: false, refusal: 'conflict', reason: `the document has no ${needs} to move the paragraph to` }
  }

  const detail = { action: req.action, paragraph: req.recommendationId, ...(req.action === 'moveToAnnex' ? { views: decision.entry.views } : {}) }
  room.applyCommand(req.memberId, detail, () => {
    if (req.action === 'moveToAnnex') moveElement(room.doc, req.recommendationId, { section: annexElement(room.doc), after: undefined })
    if (req.action === 'restore') moveElement(room.doc, req.recommendationId, restorePlace(room.doc, current))
    consensus.set(req.recommendationId, decision.entry)
  })
  return { ok: true, entry: decision.entry }
}

interface Found {
  node: PMNode
  topicId: string | null
  /** The paragraph before it in its section, null when it stands first. */
  after: string | null
}

function findRecommendation(doc: PMNode, id: string): Found | null {
  let found: Found | null = null
  doc.forEach((section) => {
    let previous: string | null = null
    section.forEach((child) => {
      if (child.type.name !== 'recommendation') return
      if (child.attrs.id === id) found = { node: child, topicId: section.type.name === 'topic' ? (section.attrs.id as string) : null, after: previous }
      previous = child.attrs.id as string
    })
  })
  return found
}

const sections = (doc: Y.Doc): Y.XmlElement[] =>
  textOf(doc).toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)

function annexElement(doc: Y.Doc): Y.XmlElement {
  const annex = sections(doc).find((s) => s.nodeName === 'annex')
  if (!annex) throw new Error('the document has no annex')
  return annex
}

/** Where a moved paragraph goes: a section, and the paragraph it follows (null: first; undefined: last). */
interface Place {
  section: Y.XmlElement
  after: string | null | undefined
}

/**
 * SPEC C5: where a point restored from the annex goes. Its topic, right after the paragraph it
 * followed when that still stands there (first when it stood first); else at the end of its
 * topic; else at the end of the last topic.
 */
function restorePlace(doc: Y.Doc, entry: ConsensusEntry | null): Place {
  const topics = sections(doc).filter((s) => s.nodeName === 'topic')
  const own = topics.find((t) => t.getAttribute('id') === entry?.fromTopic)
  const section = own ?? topics[topics.length - 1]
  if (!section) throw new Error('the document has no topic to restore into')
  if (!own || entry?.after === undefined) return { section, after: undefined }
  if (entry.after === null) return { section, after: null }
  return { section, after: indexOfParagraph(section, entry.after) >= 0 ? entry.after : undefined }
}

const indexOfParagraph = (section: Y.XmlElement, id: string): number =>
  section.toArray().findIndex((c) => c instanceof Y.XmlElement && c.nodeName === 'recommendation' && c.getAttribute('id') === id)

/** Moves the recommendation element `id` to `place` (a copy with the same id and text). */
function moveElement(doc: Y.Doc, id: string, place: Place): void {
  for (const section of sections(doc)) {
    const index = indexOfParagraph(section, id)
    if (index < 0) continue
    const copy = (section.get(index) as Y.XmlElement).clone()
    section.delete(index, 1)
    const target = place.section
    // A topic's heading stays first; the annex holds paragraphs only.
    const first = target.nodeName === 'topic' ? 1 : 0
    const at = place.after === undefined ? target.length : place.after === null ? first : indexOfParagraph(target, place.after) + 1
    target.insert(Math.max(first, at), [copy])
    return
  }
  throw new Error(`paragraph ${id} vanished during the command`)
}

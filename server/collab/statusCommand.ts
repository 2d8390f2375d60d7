/**
 * The chair's status commands applied to a loaded document (SPEC R3, C5): decided by the pure
 * `decideStatus` in shared/, written by the server under its own typed origin. Moving to the annex
 * and restoring move the paragraph's element (same id, same text) between its topic and the annex.
 */
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { TextShapeError, readText } from '../../shared/readText.ts'
import { decideStatus, type StatusAction } from '../../shared/statusCommands.ts'
import { readConsensusEntry, type ConsensusEntry } from '../../shared/consensus.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import { canChangeStatus, type Role } from '../../shared/roles.ts'
import type { Origin } from '../../shared/origins.ts'
import type { Room } from './Room.ts'

export interface StatusCommandRequest {
  recommendationId: string
  action: StatusAction
  views?: readonly string[]
  memberId: string
  role: Role
}

export type StatusCommandResult =
  | { ok: true; entry: ConsensusEntry | null }
  | { ok: false; status: 403 | 404 | 409; reason: string }

export function runStatusCommand(room: Room, req: StatusCommandRequest): StatusCommandResult {
  if (!canChangeStatus(req.role)) return { ok: false, status: 403, reason: 'only the chair changes the status of a paragraph' }
  let text: PMNode
  try {
    // Read, never repaired: the authoritative document is written only under the server's origin.
    text = readText(textOf(room.doc))
  } catch (err) {
    if (err instanceof TextShapeError) return { ok: false, status: 409, reason: `the document's text is damaged (${err.message})` }
    throw err
  }
  const found = findRecommendation(text, req.recommendationId)
  if (!found) return { ok: false, status: 404, reason: `no paragraph ${req.recommendationId} in this document` }
  const consensus = consensusOf(room.doc)
  const current = readConsensusEntry(consensus.get(req.recommendationId))
  const decision = decideStatus(found.node, current, {
    action: req.action,
    views: req.views,
    topicId: found.topicId,
    at: new Date().toISOString(),
  })
  if (!decision.ok) return { ok: false, status: 409, reason: decision.reason }
  // Members may have removed the annex or every topic (nothing locked in them): refuse, not throw.
  const needs = req.action === 'moveToAnnex' ? 'annex' : req.action === 'restore' ? 'topic' : null
  if (needs && !sections(room.doc).some((s) => s.nodeName === needs)) {
    return { ok: false, status: 409, reason: `the document has no ${needs} to move the paragraph to` }
  }

  const origin: Origin = { source: 'server', reason: 'command', memberId: req.memberId }
  room.doc.transact(() => {
    if (req.action === 'moveToAnnex') moveElement(room.doc, req.recommendationId, annexElement(room.doc))
    if (req.action === 'restore') moveElement(room.doc, req.recommendationId, restoreTarget(room.doc, current?.fromTopic))
    if (decision.entry) consensus.set(req.recommendationId, decision.entry)
    else consensus.delete(req.recommendationId)
  }, origin)
  return { ok: true, entry: decision.entry }
}

function findRecommendation(doc: PMNode, id: string): { node: PMNode; topicId: string | null } | null {
  let found: { node: PMNode; topicId: string | null } | null = null
  doc.forEach((section) => {
    section.forEach((child) => {
      if (child.type.name === 'recommendation' && child.attrs.id === id) {
        found = { node: child, topicId: section.type.name === 'topic' ? (section.attrs.id as string) : null }
      }
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

/** The topic a point came from, or the last topic if that one is gone. */
function restoreTarget(doc: Y.Doc, topicId: string | undefined): Y.XmlElement {
  const topics = sections(doc).filter((s) => s.nodeName === 'topic')
  const target = topics.find((t) => t.getAttribute('id') === topicId) ?? topics[topics.length - 1]
  if (!target) throw new Error('the document has no topic to restore into')
  return target
}

/** Moves the recommendation element `id` to the end of `target` (a copy with the same id and text). */
function moveElement(doc: Y.Doc, id: string, target: Y.XmlElement): void {
  for (const section of sections(doc)) {
    const children = section.toArray()
    const index = children.findIndex((c) => c instanceof Y.XmlElement && c.nodeName === 'recommendation' && c.getAttribute('id') === id)
    if (index < 0) continue
    const copy = (children[index] as Y.XmlElement).clone()
    section.delete(index, 1)
    target.push([copy])
    return
  }
  throw new Error(`paragraph ${id} vanished during the command`)
}

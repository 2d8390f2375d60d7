/**
 * What a page offers the server when it comes back with offline changes (SPEC R15).
 *
 * A Yjs update cannot be accepted in part, and the server refuses, as a whole, an update that
 * touches a paragraph locked meanwhile. So before it offers its changes, the page learns the
 * server's state and asks which paragraphs its unsent changes touch (`unsentFootprint`, placing
 * each change as the server's guard does). When none of them is locked on the server now, the changes go as they
 * are (`send`). Otherwise the page replays them onto a fresh copy of the server's document,
 * paragraph by paragraph: every paragraph as the changes left it (merged with what others did
 * meanwhile, as Yjs merges), except the locked ones, which stay as the server has them; their
 * wording is held back for the person (`held`), never dropped. Paragraphs someone removed while
 * the person edited them offline are held back too: the merge would lose those edits silently.
 *
 * Pure: no DOM, no network. The page fetches the state and carries the plan out.
 */
import * as Y from 'yjs'
import { updateYFragment } from 'y-prosemirror'
import type { Node as PMNode } from 'prosemirror-model'
import { unsentFootprint } from '../../../shared/editFootprint.ts'
import { readText } from '../../../shared/readText.ts'
import { numberDocument, numberTableOf } from '../../../shared/numbering.ts'
import type { NumberTable } from '../../../shared/revisions.ts'
import { isLocked, readConsensusEntry, type ConsensusEntry } from '../../../shared/consensus.ts'
import { consensusOf, textOf } from '../../../shared/ydoc.ts'
import { t } from '../i18n.ts'

/** An offline change the server would not take, kept for the person. */
export interface HeldChange {
  paragraphId: string
  /** The paragraph's number as the person knew it (`E.1`). */
  label: string
  /** The person's wording of the paragraph when they came back ('' when they had removed it). */
  text: string
  /** What happened meanwhile, in the words of the room. */
  why: string
  /** When the chair's decision was made (ISO), if it is one. */
  lockedAt?: string
  /** The topic the paragraph stood in, for proposing the wording again there. */
  topicId: string | null
  /** When the page held it back (ISO). */
  heldAt: string
}

export type ReconnectPlan =
  /** Offer the changes as they are (`held`: edits to paragraphs removed meanwhile). */
  | { kind: 'send'; held: HeldChange[] }
  /** Offer `update` instead (built on the server's state), and hold back `held`. */
  | { kind: 'replay'; update: Uint8Array; held: HeldChange[] }

interface Placed {
  node: PMNode
  label: string
  /** `topic:<id>` or `annex`. */
  section: string
  topicId: string | null
  /** The paragraph before it in its section, if any. */
  previous: string | null
}

export function planReconnect(local: Y.Doc, serverState: Uint8Array, now = new Date().toISOString()): ReconnectPlan {
  const server = docOf(serverState)
  const trial = docOf(serverState)
  try {
    const serverVector = Y.encodeStateVector(server)
    const footprint = unsentFootprint(local, server)
    if (footprint.paragraphs.size === 0) return { kind: 'send', held: [] }
    // What the server would hold after a plain sync: its state with the person's changes merged.
    Y.applyUpdate(trial, Y.encodeStateAsUpdate(local, serverVector))

    const serverText = readText(textOf(server))
    // Numbered as the server numbers them now (its latest revision), in all three.
    const table = numberTableOf(server)
    const atServer = placed(serverText, table)
    const merged = placed(readText(textOf(trial)), table)
    const mine = placed(readText(textOf(local)), table)
    const consensus = consensusOf(server)
    const held: HeldChange[] = []
    const locked: string[] = []
    for (const id of footprint.paragraphs) {
      const theirs = atServer.get(id)
      const own = mine.get(id)
      const entry = readConsensusEntry(consensus.get(id))
      if (theirs && isLocked(entry)) {
        // Touched only through an id the person's copy shares with the server: nothing differs.
        if (own && own.node.eq(theirs.node)) continue
        locked.push(id)
        const label = own?.label ?? theirs.label
        held.push({
          paragraphId: id,
          label,
          text: own?.node.textContent ?? '',
          why: lockedWhy(entry!, label, theirs.label),
          ...(entry!.at ? { lockedAt: entry!.at } : {}),
          topicId: own?.topicId ?? theirs.topicId,
          heldAt: now,
        })
      } else if (!theirs && !merged.has(id) && own) {
        held.push({
          paragraphId: id,
          label: own.label,
          text: own.node.textContent,
          why: t('held.removedMeanwhile', { label: own.label }),
          topicId: own.topicId,
          heldAt: now,
        })
      }
    }
    if (locked.length === 0) return { kind: 'send', held }

    const target = withServerParagraphs(readText(textOf(trial)), locked, atServer, serverText)
    const fresh = docOf(serverState)
    try {
      fresh.transact(() => updateYFragment(fresh, textOf(fresh), target, { mapping: new Map(), isOMark: new Map() }))
      return { kind: 'replay', update: Y.encodeStateAsUpdate(fresh, serverVector), held }
    } finally {
      fresh.destroy()
    }
  } finally {
    server.destroy()
    trial.destroy()
  }
}

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

/** Every paragraph of `doc` by id, with its number and its place. */
function placed(doc: PMNode, table: NumberTable): Map<string, Placed> {
  const labels = new Map(numberDocument(doc, table).map((n) => [n.pos, n.label]))
  const out = new Map<string, Placed>()
  doc.forEach((section, offset) => {
    if (section.type.name !== 'topic' && section.type.name !== 'annex') return
    const topicId = section.type.name === 'topic' ? (section.attrs.id as string) : null
    let previous: string | null = null
    section.forEach((child, childOffset) => {
      if (child.type.name !== 'recommendation') return
      const id = child.attrs.id as string
      out.set(id, {
        node: child,
        label: labels.get(offset + 1 + childOffset) ?? '?',
        section: topicId ? `topic:${topicId}` : 'annex',
        topicId,
        previous,
      })
      previous = id
    })
  })
  return out
}

function lockedWhy(entry: ConsensusEntry, label: string, labelNow: string): string {
  switch (entry.status) {
    case 'agreed':
      return t('held.agreed', { label })
    case 'adRef':
      return t('held.agreedAdRef', { label })
    case 'annex':
      return t('held.movedToAnnex', { label, labelNow })
    default:
      return t('held.locked', { label })
  }
}

/**
 * `merged` with each paragraph of `ids` as the server has it, where the server has it: taken out
 * wherever the merge left it, and put back after the paragraph that precedes it on the server (or
 * first in its section). A section the merge lost comes back with the server's heading.
 */
function withServerParagraphs(merged: PMNode, ids: readonly string[], atServer: Map<string, Placed>, serverText: PMNode): PMNode {
  const keep = new Set(ids)
  const sections: { key: string; node: PMNode; children: PMNode[] }[] = []
  merged.forEach((section) => {
    const key = section.type.name === 'topic' ? `topic:${section.attrs.id as string}` : section.type.name
    const children: PMNode[] = []
    section.forEach((child) => {
      if (!(child.type.name === 'recommendation' && keep.has(child.attrs.id as string))) children.push(child)
    })
    sections.push({ key, node: section, children })
  })
  const serverOrder = [...atServer.entries()].filter(([id]) => keep.has(id))
  for (const [, place] of serverOrder) {
    let section = sections.find((s) => s.key === place.section)
    if (!section) {
      const original = findSection(serverText, place.section)
      if (!original) continue
      section = { key: place.section, node: original, children: original.firstChild ? [original.firstChild] : [] }
      const annexAt = sections.findIndex((s) => s.key === 'annex')
      sections.splice(annexAt < 0 ? sections.length : annexAt, 0, section)
    }
    const after = place.previous ? section.children.findIndex((c) => c.type.name === 'recommendation' && c.attrs.id === place.previous) : -1
    const first = section.node.type.name === 'topic' ? 1 : 0
    section.children.splice(after >= 0 ? after + 1 : first, 0, place.node)
  }
  const doc = merged.type.create(
    merged.attrs,
    sections.map((s) => (s.key === 'title' ? s.node : s.node.type.create(s.node.attrs, s.children))),
  )
  doc.check()
  return doc
}

function findSection(doc: PMNode, key: string): PMNode | null {
  let found: PMNode | null = null
  doc.forEach((section) => {
    if (key === 'annex' ? section.type.name === 'annex' : section.type.name === 'topic' && `topic:${section.attrs.id as string}` === key) found = section
  })
  return found
}

/**
 * Where the group stands, topic by topic (SPEC C7): paragraphs by status, open bracket groups and
 * alternatives, and what is left to agree. Pure: derived from the text and the consensus entries,
 * recomputed on every change, never stored.
 */
import type { NumberedNode } from './numbering.ts'
import { displayStatus, type ConsensusEntry, type DisplayStatus } from './consensus.ts'

export interface ParagraphStanding {
  id: string
  label: string
  status: DisplayStatus
  /** Position in the document, to jump to it. */
  pos: number
  /** Not agreed and not in the annex: still to be settled. */
  open: boolean
}

export interface TopicStanding {
  id: string | null
  /** `A`, `B` ... or `Annex`. */
  letter: string
  heading: string
  counts: Record<DisplayStatus, number>
  /** Bracket groups (brackets and alternatives groups, nested ones included) still in the text. */
  bracketGroups: number
  /** Options standing in alternatives groups. */
  alternatives: number
  /** Paragraphs not yet agreed (proposed, under negotiation, ad ref). */
  leftToAgree: number
  paragraphs: ParagraphStanding[]
}

const zero = (): Record<DisplayStatus, number> => ({ proposed: 0, bracketed: 0, adRef: 0, agreed: 0, annex: 0 })

/** Where the group stands, from the document's numbered topics and paragraphs (`numberDocument`). */
export function standing(numbered: readonly NumberedNode[], lookup: (id: string) => ConsensusEntry | null): TopicStanding[] {
  const topics: TopicStanding[] = []
  let current: TopicStanding | null = null
  for (const { node, label, pos } of numbered) {
    if (node.type.name === 'topic') {
      current = { id: node.attrs.id as string, letter: label, heading: node.firstChild?.textContent ?? '', counts: zero(), bracketGroups: 0, alternatives: 0, leftToAgree: 0, paragraphs: [] }
      topics.push(current)
      continue
    }
    if (label.startsWith('Annex') && current?.letter !== 'Annex') {
      current = { id: null, letter: 'Annex', heading: 'Points on which no consensus was reached', counts: zero(), bracketGroups: 0, alternatives: 0, leftToAgree: 0, paragraphs: [] }
      topics.push(current)
    }
    if (!current) continue
    const id = node.attrs.id as string
    const status = displayStatus(node, lookup(id))
    current.counts[status]++
    const open = status !== 'agreed' && status !== 'annex'
    if (open) current.leftToAgree++
    node.descendants((inner) => {
      if (inner.type.name === 'bracket' || inner.type.name === 'alternatives') current!.bracketGroups++
      if (inner.type.name === 'alternatives') current!.alternatives += inner.childCount
      return true
    })
    current.paragraphs.push({ id, label, status, pos, open })
  }
  return topics
}

/**
 * Consensus state of paragraphs (SPEC C1-C9).
 *
 * The status of a recommendation is not part of its text. It lives in the Y.Map `consensus`,
 * keyed by the recommendation's id, and only the server writes it, as the result of the chair's
 * status command (R3). A recommendation without an entry is `proposed`. Clients write text only,
 * so no ordinary edit ever needs to touch this map.
 */
import type { Node as PMNode } from 'prosemirror-model'

/** The stored statuses, in the order negotiators use. */
export const STORED_STATUSES = ['proposed', 'adRef', 'agreed', 'annex'] as const
export type StoredStatus = (typeof STORED_STATUSES)[number]

/** What a reader sees: `bracketed` ("under negotiation") is derived from the text, never stored. */
export type DisplayStatus = 'proposed' | 'bracketed' | StoredStatus

/** One decision of the chair on a paragraph, kept in its history (SPEC C9). */
export interface StatusEvent {
  /** What the chair did (a StatusAction: agree, agreeAdRef, reopen, moveToAnnex, restore). */
  action: string
  /** The status it left. */
  status: StoredStatus
  /** ISO time. */
  at: string
  /** Who decided, as the room knows them (the chair's name). Internal: no output carries it. */
  by?: string
  /** The differing views recorded, for a move to the annex. */
  views?: string[]
}

/** One entry of the consensus map. `views` is set for `annex` (the differing views recorded). */
export interface ConsensusEntry {
  status: StoredStatus
  /** ISO time of the chair's decision. */
  at?: string
  /** Differing views recorded when a point moves to the annex ("Some members considered ..."). */
  views?: string[]
  /** The topic a point in the annex came from, for restoring it. */
  fromTopic?: string
  /** The paragraph it followed in that topic (null: it stood first), to restore it in its place. */
  after?: string | null
  /** Every decision on the paragraph, oldest first (C9): views recorded stay after a restore. */
  history?: StatusEvent[]
}

/** At most this many decisions are kept per paragraph (the oldest go first). */
export const MAX_STATUS_HISTORY = 100

export const STATUS_LABEL: Record<DisplayStatus, string> = {
  proposed: 'Proposed',
  bracketed: 'Under negotiation',
  adRef: 'Agreed ad ref.',
  agreed: 'Agreed',
  annex: 'No consensus (annex)',
}

export function isStoredStatus(value: unknown): value is StoredStatus {
  return typeof value === 'string' && (STORED_STATUSES as readonly string[]).includes(value)
}

/** Reads an entry defensively: anything malformed counts as no entry (`proposed`). */
export function readConsensusEntry(value: unknown): ConsensusEntry | null {
  if (typeof value !== 'object' || value === null) return null
  const status = (value as { status?: unknown }).status
  return isStoredStatus(status) ? (value as ConsensusEntry) : null
}

/** True when the recommendation holds at least one bracket or alternatives group. */
export function hasBrackets(rec: PMNode): boolean {
  let found = false
  rec.descendants((node) => {
    if (node.type.name === 'bracket' || node.type.name === 'alternatives') found = true
    return !found
  })
  return found
}

/**
 * The outermost bracket groups of a paragraph as a reader would name them: `[text] (sponsors)`,
 * `[delete: text]`, `[option 1 (sponsors) / option 2 (sponsors)]` (long text is cut). For refusals
 * that say which, and by whom.
 */
export function describeBrackets(rec: PMNode): string[] {
  const out: string[] = []
  const cut = (text: string): string => (text.length > 40 ? `${text.slice(0, 39)}…` : text)
  rec.descendants((node) => {
    if (node.type.name === 'bracket') {
      const sponsors = (node.attrs.sponsors as string[]).join(', ')
      out.push(`[${node.attrs.note === 'delete' ? 'delete: ' : ''}${cut(node.textContent)}]${sponsors ? ` (${sponsors})` : ''}`)
      return false
    }
    if (node.type.name === 'alternatives') {
      const options: string[] = []
      node.forEach((option) => {
        const sponsors = (option.attrs.sponsors as string[]).join(', ')
        options.push(`${cut(option.textContent)}${sponsors ? ` (${sponsors})` : ''}`)
      })
      out.push(`[${options.join(' / ')}]`)
      return false
    }
    return true
  })
  return out
}

/** SPEC C3: the status a reader sees. A proposed paragraph holding brackets is under negotiation. */
export function displayStatus(rec: PMNode, entry: ConsensusEntry | null): DisplayStatus {
  const stored = entry?.status ?? 'proposed'
  if (stored === 'proposed' && hasBrackets(rec)) return 'bracketed'
  return stored
}

/**
 * SPEC C4: agreed and ad-ref paragraphs are locked against editing, and so is a point in the
 * annex (the annex preserves disagreement; the chair restores a point to change it).
 */
export function isLocked(entry: ConsensusEntry | null): boolean {
  return entry?.status === 'agreed' || entry?.status === 'adRef' || entry?.status === 'annex'
}

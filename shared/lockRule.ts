/**
 * The lock rule (SPEC R4, R14, B3), written once over what an edit touches: the paragraphs it changes
 * something in (by id) and whether it changes the title. The server's guard finds those from
 * Yjs's integration (`placeOfItem`), the editor from ProseMirror's steps (`touchesLocked`); both
 * ask this function, so they refuse the same edits with the same words.
 */
import { isLocked, type ConsensusEntry } from './consensus.ts'
import { may, type DocumentRole } from './roles.ts'
import { frozenWhy, type BreakoutInfo } from './breakouts.ts'

/** What an edit touches, as both sides can tell it. */
export interface EditTouch {
  paragraphs: Iterable<string>
  title: boolean
}

export interface LockContext {
  role: DocumentRole
  consensusOf(paragraphId: string): ConsensusEntry | null
  /** How people name the paragraph (`B.1`, `Annex 1`). */
  labelOf(paragraphId: string): string
  /** The running break-out that freezes the paragraph in this document (B3), or null. */
  frozenIn(paragraphId: string): Pick<BreakoutInfo, 'number'> | null
}

/** Why a paragraph in `entry`'s state is locked, said as the room says it (null: it is not). */
export function lockedWhy(entry: ConsensusEntry | null, label: string): string | null {
  if (!isLocked(entry)) return null
  switch (entry!.status) {
    case 'agreed':
      return `${label} is agreed and locked: only the chair can reopen it`
    case 'adRef':
      return `${label} is agreed ad referendum and locked: only the chair can reopen it`
    default:
      return `${label} is in the annex and locked: only the chair can restore it`
  }
}

export const TITLE_KEPT = 'the title is kept by the chair and the secretariat'

/** R4, R14: why `ctx.role` may not make an edit that touches `touch`, or null when it may. */
export function lockRefusal(touch: EditTouch, ctx: LockContext): string | null {
  if (touch.title && !may(ctx.role, 'keepTitle')) return TITLE_KEPT
  for (const id of touch.paragraphs) {
    const entry = ctx.consensusOf(id)
    // The number only when there is a refusal to word: numbering the document costs more than judging.
    if (isLocked(entry)) return lockedWhy(entry, ctx.labelOf(id))
    const frozen = ctx.frozenIn(id)
    if (frozen) return frozenWhy(ctx.labelOf(id), frozen)
  }
  return null
}

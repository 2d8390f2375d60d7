/**
 * The cleaning rule (SPEC R12, D6, D7), written once over what an edit removes. Removing a bracket,
 * an alternatives group or an option from a paragraph that stays is cleaning, which is the chair's
 * and the secretariat's, unless the member removes what their own client created, or the same
 * bracket or group stands again after the edit (moved with its text by a split or a join, or a
 * bracket become a group with the same id). The server's guard finds the removals from Yjs's
 * delete set, the editor from the documents before and after a transaction; both ask this
 * function, so they refuse the same edits with the same words.
 */
import { may, type DocumentRole } from './roles.ts'

export type BracketKind = 'bracket' | 'alternatives' | 'option'

/** One bracket, group or option an edit removes, as both sides can tell it. */
export interface Removal {
  kind: BracketKind
  /** Its paragraph stands after the edit (a removed paragraph takes its brackets with it). */
  paragraphStays: boolean
  /** Created by the member's own client. */
  own: boolean
  /** A bracket or group with the same id stands after the edit (moved, or become a group). */
  standsAgain: boolean
}

const NAMES: Record<BracketKind, string> = { bracket: 'a bracket', alternatives: 'an alternatives group', option: 'an option' }

/** R12: why `role` may not make an edit that removes `removals`, or null when it may. */
export function cleaningRefusal(removals: Iterable<Removal>, role: DocumentRole): string | null {
  if (may(role, 'clean')) return null
  for (const r of removals) {
    if (!r.paragraphStays || r.own) continue
    if (r.kind !== 'option' && r.standsAgain) continue
    return `only the chair and the secretariat clean brackets and alternatives (${NAMES[r.kind]} was removed); propose a deletion instead`
  }
  return null
}

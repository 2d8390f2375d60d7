/**
 * Sponsorship (SPEC D8, R13). A delegation joins or leaves the sponsors of a paragraph, a bracket
 * or an option by command, which the server applies one at a time (two delegations co-sponsoring
 * at once both count; an edit of the attribute would keep only the last writer's list). No edit
 * changes the sponsors of something that stood before (the server restores them). A member gives
 * new text (proposed, split off, pasted) only their own delegation or delegations that have
 * sponsored something in the document (a split or a copy carries its sponsors with it). The chair
 * and the secretariat hold the pen: they enter contributions and sponsors on a delegation's behalf.
 */

import { may } from './roles.ts'
import type { DocumentRole } from './roles.ts'

/** What a sponsorship command changes: a paragraph, a bracket, or an option of a group (0-based). */
export type SponsorTarget =
  | { kind: 'paragraph'; paragraphId: string }
  | { kind: 'bracket'; paragraphId: string; bracketId: string }
  | { kind: 'option'; paragraphId: string; groupId: string; option: number }

export interface SponsorshipRequest {
  target: SponsorTarget
  /** The delegation joining or leaving. */
  delegation: string
  join: boolean
}

export const MAX_DELEGATION_LENGTH = 120

/** The sponsors after `delegation` joins (kept in order, added last) or leaves. */
export function toggledSponsors(current: readonly string[], delegation: string, join: boolean): string[] {
  if (!join) return current.filter((s) => s !== delegation)
  return current.includes(delegation) ? [...current] : [...current, delegation]
}

/** R13: a member names only their own delegation; the chair and the secretariat any. */
export function mayNameDelegation(role: DocumentRole, own: string, named: string): boolean {
  return may(role, 'nameAnyDelegation') || (may(role, 'editText') && named === own)
}

/** What a target names, for a person reading a message. */
export function describeTarget(t: SponsorTarget): string {
  if (t.kind === 'paragraph') return `paragraph ${t.paragraphId}`
  if (t.kind === 'bracket') return `bracket ${t.bracketId}`
  return `option ${t.option + 1} of ${t.groupId}`
}

/** What a sponsored node looked like before the edit: null when it is new. */
export type SponsorsBefore = readonly string[] | null

/** What the server does with the sponsors a member's edit left on a node (R13). */
export type SponsorVerdict =
  | { kind: 'keep' }
  /** The edit changed the sponsors of existing text: accepted, and the server puts them back. */
  | { kind: 'restore'; sponsors: string[] }
  | { kind: 'refuse'; reason: string }

/**
 * R13: judges the sponsors an edit left on a node that had `before` (null: the node is new).
 * Existing text keeps its sponsors, whoever edits: they change by command, and an honest editor
 * changes them in an edit only by relabelling an element it reuses for a neighbour, with what it
 * knew while offline; so the edit is accepted and the server restores them. New text may name
 * only the member's own delegation or delegations in `known` (every delegation that has sponsored
 * anything in the document): a split or a paste carries its sponsors with it, but a name from
 * nowhere is words put in another's mouth. The chair and the secretariat enter contributions on a
 * delegation's behalf, so new text from them may name anyone.
 */
export function judgeSponsorsInEdit(
  what: string,
  before: SponsorsBefore,
  after: readonly string[],
  editor: { delegation: string; role: DocumentRole },
  known: ReadonlySet<string>,
): SponsorVerdict {
  if (before === null) {
    if (may(editor.role, 'nameAnyDelegation')) return { kind: 'keep' }
    const invented = unique(after.filter((s) => s !== editor.delegation && !known.has(s)))
    return invented.length
      ? { kind: 'refuse', reason: `a new ${what} cannot name ${list(invented)} as sponsor: a delegation sponsors for itself` }
      : { kind: 'keep' }
  }
  const same = before.length === after.length && before.every((s) => after.includes(s))
  return same ? { kind: 'keep' } : { kind: 'restore', sponsors: [...before] }
}

/** Reads a stored sponsors value defensively. */
export function readSponsors(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : []
}

const unique = (xs: string[]): string[] => [...new Set(xs)]
const list = (xs: string[]): string => xs.join(', ')

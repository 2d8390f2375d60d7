/**
 * Who is drafting, for the drafting commands: their delegation (the sponsor they add), their role
 * (what they may do) and which paragraphs are locked (no command touches those).
 */
import type { Role } from '../roles.ts'

export interface DraftingContext {
  delegation: string
  role: Role
  isLocked(recommendationId: string): boolean
}

/** SPEC D6: the room agrees, the pen-holder cleans: only the chair and the secretariat clean brackets. */
export const canClean = (role: Role): boolean => role === 'chair' || role === 'secretariat'

/** SPEC D1: everyone who edits text may propose, bracket and add alternatives. */
export const canPropose = (role: Role): boolean => role !== 'observer'

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

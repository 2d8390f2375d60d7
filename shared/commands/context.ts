/**
 * Who is drafting, for the drafting commands: their delegation (the sponsor they add), their role
 * (what they may do) and which paragraphs are locked (no command touches those).
 */
import type { DocumentRole } from '../roles.ts'

export interface DraftingContext {
  delegation: string
  role: DocumentRole
  isLocked(recommendationId: string): boolean
}

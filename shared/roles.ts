/**
 * Roles in a working group and what each may do (SPEC R1-R4). Pure: the server enforces these
 * on every message; the client asks the same functions only to shape its buttons.
 */

export const ROLES = ['chair', 'secretariat', 'member', 'observer'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABEL: Record<Role, string> = {
  chair: 'Chair',
  secretariat: 'Secretariat',
  member: 'Member',
  observer: 'Observer',
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** R1: observers never write; the chair, the secretariat and members edit text. */
export const canEditText = (role: Role): boolean => role !== 'observer'

/** R14: the title (the document's name) is kept by the chair and the secretariat. */
export const canEditTitle = (role: Role): boolean => role === 'chair' || role === 'secretariat'

/** R3: only the chair changes a paragraph's status. */
export const canChangeStatus = (role: Role): boolean => role === 'chair'

/** A3: the longest name a member is invited with (their delegation's: MAX_DELEGATION_LENGTH). */
export const MAX_DISPLAY_NAME_LENGTH = 80

/** A3, R10: the chair and the secretariat manage members and read the records (audit, quarantine). */
export const canManageMembers = (role: Role): boolean => role === 'chair' || role === 'secretariat'
export const canReadRecords = canManageMembers

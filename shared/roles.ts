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

/**
 * Who someone is inside one document (SPEC B4): their role in the group, except in a break-out
 * group's document, where its facilitator has the chair's drafting powers (and nowhere else).
 */
export type DocumentRole = Role | 'facilitator'

/**
 * What each role may do, one row per permission (SPEC R1-R4, R10, R12-R14, A3, D1, D6, K4, V1). The
 * server enforces these; the page asks the same table only to shape its controls.
 */
export const PERMISSIONS = {
  /** R1, R2, D1: write the text: propose, amend, bracket, add alternatives; sponsor and reserve. */
  editText: ['chair', 'secretariat', 'member', 'facilitator'],
  /** R3: change a paragraph's status. */
  changeStatus: ['chair', 'facilitator'],
  /** D6, D7, R12: clean (remove brackets, keep one alternative), as the pen-holder. */
  clean: ['chair', 'secretariat', 'facilitator'],
  /** R13: name any delegation as sponsor (a contribution entered on its behalf), as the pen-holder. */
  nameAnyDelegation: ['chair', 'secretariat', 'facilitator'],
  /** R14: change the title, the document's name. */
  keepTitle: ['chair', 'secretariat', 'facilitator'],
  /** A3: invite members, change roles, revoke. */
  manageMembers: ['chair', 'secretariat'],
  /** R10: read the audit log and the quarantine. */
  readRecords: ['chair', 'secretariat'],
  /** V1: issue a revision of the document (the secretariat on the chair's behalf). */
  issueRevision: ['chair', 'secretariat'],
  /** B1: create, close and report back break-out groups (the secretariat on the chair's behalf). */
  runBreakouts: ['chair', 'secretariat'],
  /** K4: resolve or reopen anyone's comment thread. */
  resolveAnyThread: ['chair', 'secretariat', 'facilitator'],
} as const satisfies Record<string, readonly DocumentRole[]>

export type Permission = keyof typeof PERMISSIONS

/** Whether `role` has `permission` (the table above). */
export function may(role: DocumentRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly DocumentRole[]).includes(role)
}

/** A3: the longest name a member is invited with (their delegation's: MAX_DELEGATION_LENGTH). */
export const MAX_DISPLAY_NAME_LENGTH = 80

/**
 * Members and sessions for tests: creates a member of the demo group (or any group) directly in
 * the server's store and signs them in, returning the Cookie header a browser would send.
 */
import type { AccordServer } from '../../server/AccordServer.ts'
import type { Member } from '../../server/access/AccessStore.ts'
import { SESSION_COOKIE } from '../../server/http/auth.ts'
import type { Role } from '../../shared/roles.ts'

export interface SignedIn {
  member: Member
  /** `accord_session=...`, for the Cookie header. */
  cookie: string
  /** The invitation token that was exchanged (for sign-in tests). */
  token: string
}

let counter = 0

export function signedInMember(
  server: AccordServer,
  role: Role,
  options: { groupId?: string; displayName?: string; delegation?: string } = {},
): SignedIn {
  counter++
  const member = server.access.addMember({
    groupId: options.groupId ?? 'wgec',
    displayName: options.displayName ?? `${role} ${counter}`,
    delegation: options.delegation ?? `Delegation ${counter}`,
    role,
  })
  const { token } = server.access.invite(member.id)
  const result = server.access.signIn(token)
  if (!result.ok) throw new Error(`sign-in failed: ${result.why}`)
  return { member, cookie: `${SESSION_COOKIE}=${result.sessionToken}`, token }
}

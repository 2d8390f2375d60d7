/**
 * The demo working group's people: a chair, a secretariat officer, a member and an observer, and
 * the sign-in links printed at the first start (and by `npm run accord -- demo-links`).
 */
import type { AccessStore, Member } from './AccessStore.ts'
import { DEMO_GROUP } from '../demo/demoDocument.ts'
import type { Role } from '../../shared/roles.ts'

export const DEMO_MEMBERS: readonly { displayName: string; delegation: string; role: Role }[] = [
  { displayName: 'Ambassador Elena Ruiz', delegation: 'Mexico (Chair)', role: 'chair' },
  { displayName: 'Tomás Okafor', delegation: 'Secretariat (UNCTAD)', role: 'secretariat' },
  { displayName: 'Amina Diallo', delegation: 'Kenya', role: 'member' },
  { displayName: 'Lukas Meier', delegation: 'ISOC (observer)', role: 'observer' },
]

export function inviteLink(base: string, token: string): string {
  // The token travels in the fragment: browsers never send it to the server in a request line or log.
  return `${base.replace(/\/$/, '')}/join#${token}`
}

/** Creates the demo members when missing; returns one printable line with a fresh link each. */
export function issueDemoLinks(access: AccessStore, base: string): string[] {
  const existing = access.listMembers(DEMO_GROUP.id).filter((m) => !m.revokedAt)
  const lines: string[] = []
  for (const spec of DEMO_MEMBERS) {
    const member: Member =
      existing.find((m) => m.displayName === spec.displayName) ?? access.addMember({ groupId: DEMO_GROUP.id, ...spec })
    const { token } = access.invite(member.id)
    lines.push(`  ${spec.role.padEnd(11)} ${member.displayName} (${member.delegation}): ${inviteLink(base, token)}`)
  }
  return lines
}

/** What the API shows of internal records. */
import type { Member } from '../access/AccessStore.ts'

export function publicMember(m: Member): Member {
  return {
    id: m.id,
    groupId: m.groupId,
    displayName: m.displayName,
    delegation: m.delegation,
    role: m.role,
    createdAt: m.createdAt,
    revokedAt: m.revokedAt,
  }
}

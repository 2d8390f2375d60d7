/**
 * Managing a working group's members (SPEC A3, A4): the chair and the secretariat invite, change
 * roles and revoke; a revocation or a role change reaches open connections at once.
 */
import { InputError } from '../errors.ts'
import { may, type Role } from '../../shared/roles.ts'
import { inviteRequest, requestProblem, roleSchema } from '../../shared/apiSchemas.ts'
import { CloseCode } from '../../shared/protocol.ts'
import type { AccessStore, Member } from './AccessStore.ts'
import { inviteLink } from './demoMembers.ts'

/** What the service needs of the collaboration core. */
export interface ConnectionControl {
  disconnectMember(memberId: string, code: number, reason: string): number
}

export interface Invitation {
  member: Member
  link: string
  expiresAt: string
}

export class MemberService {
  constructor(
    private readonly access: AccessStore,
    private readonly connections: ConnectionControl,
    private readonly publicUrl: string,
  ) {}

  list(actor: Member, groupId: string): Member[] {
    this.authorise(actor, groupId)
    return this.access.listMembers(groupId)
  }

  /** `input` is the request body, judged by `inviteRequest` (400 naming the field). */
  invite(actor: Member, groupId: string, input: unknown): Invitation {
    this.authorise(actor, groupId)
    const parsed = inviteRequest.safeParse(input)
    if (!parsed.success) throw new InputError(400, requestProblem(parsed.error))
    const { displayName, delegation, role } = parsed.data
    this.checkChairRule(actor, role)
    const member = this.access.addMember({ groupId, displayName, delegation, role })
    return { member, ...this.link(member) }
  }

  newLink(actor: Member, memberId: string): Invitation {
    const member = this.target(actor, memberId)
    return { member, ...this.link(member) }
  }

  setRole(actor: Member, memberId: string, roleInput: unknown): Member {
    const target = this.target(actor, memberId)
    const role = roleOf(roleInput)
    this.checkChairRule(actor, role)
    this.checkChairRule(actor, target.role)
    const updated = this.access.setRole(memberId, role)
    if (!updated) throw new InputError(404, `no active member ${memberId}`)
    if (target.role !== role) {
      this.connections.disconnectMember(memberId, CloseCode.RoleChanged, `your role is now ${role}`)
    }
    return updated
  }

  revoke(actor: Member, memberId: string): void {
    const target = this.target(actor, memberId)
    if (target.id === actor.id) throw new InputError(409, 'you cannot revoke yourself')
    this.checkChairRule(actor, target.role)
    this.access.revoke(memberId)
    this.connections.disconnectMember(memberId, CloseCode.Unauthenticated, 'your access to this working group was revoked')
  }

  private link(member: Member): { link: string; expiresAt: string } {
    const { token, expiresAt } = this.access.invite(member.id)
    return { link: inviteLink(this.publicUrl, token), expiresAt }
  }

  private target(actor: Member, memberId: string): Member {
    const member = this.access.getMember(memberId)
    if (!member || member.groupId !== actor.groupId) throw new InputError(404, `no member ${memberId} in your working group`)
    this.authorise(actor, member.groupId)
    if (member.revokedAt) throw new InputError(409, `${member.displayName} is already revoked`)
    return member
  }

  private authorise(actor: Member, groupId: string): void {
    if (actor.groupId !== groupId) throw new InputError(403, 'you are not a member of this working group')
    if (!may(actor.role, 'manageMembers')) throw new InputError(403, 'only the chair and the secretariat manage members')
  }

  /** Only a chair makes someone chair, or changes or revokes a chair. */
  private checkChairRule(actor: Member, role: Role): void {
    if (role === 'chair' && actor.role !== 'chair') throw new InputError(403, 'only the chair can grant or change the chair role')
  }
}

/** The role of a role change (the `role` of `roleChangeRequest`), or 400 with the value it got. */
function roleOf(value: unknown): Role {
  const parsed = roleSchema.safeParse(value)
  if (!parsed.success) throw new InputError(400, requestProblem(parsed.error))
  return parsed.data
}

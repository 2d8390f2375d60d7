/**
 * MemberService (SPEC A3): the chair and the secretariat manage their own group's members; a
 * revocation or a role change reaches that person's open connections at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../../server/storage/SqliteStore.ts'
import { AccessStore, type Member } from '../../server/access/AccessStore.ts'
import { MemberService } from '../../server/access/MemberService.ts'
import { InputError } from '../../server/errors.ts'
import { CloseCode } from '../../shared/protocol.ts'
import type { Role } from '../../shared/roles.ts'

let store: SqliteStore
let access: AccessStore
let service: MemberService
let closed: { memberId: string; code: number; reason: string }[]

beforeEach(() => {
  store = new SqliteStore({ filename: ':memory:' })
  for (const id of ['g1', 'g2']) store.createGroup({ id, name: id, createdAt: '2026-01-01T00:00:00.000Z' })
  access = new AccessStore(store.db)
  closed = []
  const connections = {
    disconnectMember: (memberId: string, code: number, reason: string): number => {
      closed.push({ memberId, code, reason })
      return 1
    },
  }
  service = new MemberService(access, connections, 'https://accord.example/')
})
afterEach(() => store.close())

const add = (role: Role, groupId = 'g1'): Member => access.addMember({ groupId, displayName: `A ${role}`, delegation: 'D', role })

/** The HTTP status the service refuses `fn` with. */
function refusal(fn: () => unknown): number {
  try {
    fn()
  } catch (err) {
    if (err instanceof InputError) return err.status
    throw err
  }
  throw new Error('expected a refusal')
}

describe('[A3] who manages members', () => {
  it('[A3] the chair and the secretariat list and invite; members and observers get 403', () => {
    for (const role of ['chair', 'secretariat'] as const) {
      const actor = add(role)
      const inv = service.invite(actor, 'g1', { displayName: ' Dana ', delegation: 'Peru', role: 'member' })
      expect(inv.member).toMatchObject({ displayName: 'Dana', delegation: 'Peru', role: 'member', groupId: 'g1' })
      expect(inv.link).toMatch(/^https:\/\/accord\.example\/join#[A-Za-z0-9_-]{40,}$/)
      // The link works: its token signs the new member in.
      const signedIn = access.signIn(inv.link.split('#')[1]!)
      expect(signedIn.ok && signedIn.member.id).toBe(inv.member.id)
      expect(service.list(actor, 'g1').map((m) => m.id)).toContain(inv.member.id)
    }
    for (const role of ['member', 'observer'] as const) {
      const actor = add(role)
      expect(refusal(() => service.list(actor, 'g1'))).toBe(403)
      expect(refusal(() => service.invite(actor, 'g1', { displayName: 'X', delegation: 'Y', role: 'member' }))).toBe(403)
    }
  })

  it('[A1][A3] nobody manages another group: 403 for its list, 404 for its members', () => {
    const chair = add('chair')
    const foreigner = add('member', 'g2')
    expect(refusal(() => service.list(chair, 'g2'))).toBe(403)
    expect(refusal(() => service.invite(chair, 'g2', { displayName: 'X', delegation: 'Y', role: 'member' }))).toBe(403)
    expect(refusal(() => service.setRole(chair, foreigner.id, 'observer'))).toBe(404)
    expect(refusal(() => service.revoke(chair, foreigner.id))).toBe(404)
    expect(refusal(() => service.newLink(chair, foreigner.id))).toBe(404)
    expect(access.getMember(foreigner.id)).toMatchObject({ role: 'member', revokedAt: null })
    expect(closed).toEqual([])
  })

  it('[A3] only a chair grants, changes or revokes the chair role', () => {
    const secretariat = add('secretariat')
    const chair = add('chair')
    const member = add('member')
    expect(refusal(() => service.setRole(secretariat, member.id, 'chair'))).toBe(403)
    expect(refusal(() => service.setRole(secretariat, chair.id, 'member'))).toBe(403)
    expect(refusal(() => service.revoke(secretariat, chair.id))).toBe(403)
    expect(refusal(() => service.invite(secretariat, 'g1', { displayName: 'X', delegation: 'Y', role: 'chair' }))).toBe(403)
    expect(service.setRole(chair, member.id, 'chair').role).toBe('chair')
  })

  it('[A3] refuses bad input with 400 and self-revocation with 409', () => {
    const chair = add('chair')
    expect(refusal(() => service.invite(chair, 'g1', { displayName: '', delegation: 'Y', role: 'member' }))).toBe(400)
    expect(refusal(() => service.invite(chair, 'g1', { displayName: 'X', delegation: 'Y', role: 'king' }))).toBe(400)
    expect(refusal(() => service.invite(chair, 'g1', { displayName: 'x'.repeat(81), delegation: 'Y', role: 'member' }))).toBe(400)
    expect(refusal(() => service.setRole(chair, add('member').id, undefined))).toBe(400)
    expect(refusal(() => service.revoke(chair, chair.id))).toBe(409)
  })
})

describe('[A3] changes reach open connections at once', () => {
  it('[A3] a role change closes that member\'s connections with RoleChanged (4000); the same role closes nothing', () => {
    const chair = add('chair')
    const member = add('member')
    service.setRole(chair, member.id, 'member')
    expect(closed).toEqual([])
    expect(service.setRole(chair, member.id, 'observer').role).toBe('observer')
    expect(closed).toEqual([{ memberId: member.id, code: CloseCode.RoleChanged, reason: expect.stringContaining('observer') as string }])
  })

  it('[A3] a revocation closes that member\'s connections with Unauthenticated (4401) and ends their links', () => {
    const chair = add('chair')
    const member = add('member')
    const token = service.newLink(chair, member.id).link.split('#')[1]!
    service.revoke(chair, member.id)
    expect(closed).toEqual([{ memberId: member.id, code: CloseCode.Unauthenticated, reason: expect.stringContaining('revoked') as string }])
    expect(access.signIn(token)).toEqual({ ok: false, why: 'revoked' })
    expect(refusal(() => service.revoke(chair, member.id))).toBe(409)
    expect(refusal(() => service.newLink(chair, member.id))).toBe(409)
  })
})

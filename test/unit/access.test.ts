/**
 * AccessStore on an in-memory SQLite database (SPEC A2, A3): invitation links and sessions are
 * stored hashed, expire, and end with a revocation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../../server/storage/SqliteStore.ts'
import { AccessStore, INVITATION_DAYS, SESSION_DAYS, type Member } from '../../server/access/AccessStore.ts'
import { hashSecret } from '../../server/access/tokens.ts'

const DAY = 86_400_000
let store: SqliteStore
let access: AccessStore
let now: Date
let alice: Member

beforeEach(() => {
  store = new SqliteStore({ filename: ':memory:' })
  store.createGroup({ id: 'g1', name: 'Group', createdAt: '2026-01-01T00:00:00.000Z' })
  store.createGroup({ id: 'g2', name: 'Other', createdAt: '2026-01-01T00:00:00.000Z' })
  now = new Date('2026-03-01T12:00:00.000Z')
  access = new AccessStore(store.db, () => now)
  alice = access.addMember({ groupId: 'g1', displayName: 'Alice', delegation: 'Kenya', role: 'member' })
})
afterEach(() => store.close())

const later = (ms: number): void => {
  now = new Date(now.getTime() + ms)
}

function signIn(token: string): string {
  const result = access.signIn(token)
  if (!result.ok) throw new Error(`sign-in failed: ${result.why}`)
  return result.sessionToken
}

/** Every value of every row of every table, as text, to look for secrets in. */
function everythingStored(): string {
  const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
  return tables
    .flatMap(({ name }) => store.db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
    .flatMap((row) => Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v))))
    .join('\n')
}

describe('[A3] members', () => {
  it('[A3] adds, reads and lists the members of one group', () => {
    const bob = access.addMember({ groupId: 'g1', displayName: 'Bob', delegation: 'Japan', role: 'observer' })
    access.addMember({ groupId: 'g2', displayName: 'Carol', delegation: 'Chile', role: 'chair' })
    expect(access.getMember(alice.id)).toEqual(alice)
    expect(alice).toMatchObject({ groupId: 'g1', role: 'member', revokedAt: null, createdAt: now.toISOString() })
    expect(access.listMembers('g1').map((m) => m.displayName).sort()).toEqual(['Alice', 'Bob'])
    expect(access.getMember(bob.id)?.role).toBe('observer')
    expect(access.getMember('m-nobody')).toBeNull()
  })

  it('[A3] changes the role of an active member only', () => {
    expect(access.setRole(alice.id, 'observer')?.role).toBe('observer')
    access.revoke(alice.id)
    expect(access.setRole(alice.id, 'chair')).toBeNull()
    expect(access.getMember(alice.id)?.role).toBe('observer')
  })

  it('[A3] refuses a role the schema does not know (CHECK constraint)', () => {
    expect(() => store.db.prepare(`UPDATE members SET role = 'emperor' WHERE id = ?`).run(alice.id)).toThrow()
  })
})

describe('[A2] invitation links and sessions', () => {
  it('[A2] stores only hashes: neither the link token nor the session token is in the database', () => {
    const { token, expiresAt } = access.invite(alice.id)
    const sessionToken = signIn(token)
    expect(token.length).toBeGreaterThanOrEqual(40)
    expect(sessionToken).not.toBe(token)
    const stored = everythingStored()
    expect(stored).not.toContain(token)
    expect(stored).not.toContain(sessionToken)
    const invitation = store.db.prepare('SELECT token_hash, expires_at FROM invitations').get() as { token_hash: string; expires_at: string }
    expect(invitation).toEqual({ token_hash: hashSecret(token), expires_at: expiresAt })
    const session = store.db.prepare('SELECT token_hash FROM sessions').get() as { token_hash: string }
    expect(session.token_hash).toBe(hashSecret(sessionToken))
  })

  it('[A2] a link signs in its member; the session names them until it ends', () => {
    const result = access.signIn(access.invite(alice.id).token)
    if (!result.ok) throw new Error(result.why)
    expect(result.member.id).toBe(alice.id)
    expect(result.expiresAt).toBe(new Date(now.getTime() + SESSION_DAYS * DAY).toISOString())
    expect(access.memberForSession(result.sessionToken)?.id).toBe(alice.id)
    access.endSession(result.sessionToken)
    expect(access.memberForSession(result.sessionToken)).toBeNull()
  })

  it('[A2] an unknown token or session is refused', () => {
    expect(access.signIn('not-a-token-anyone-was-given')).toEqual({ ok: false, why: 'unknown' })
    expect(access.memberForSession('not-a-session')).toBeNull()
    expect(access.memberForSession('')).toBeNull()
  })

  it('[A2] a link expires after INVITATION_DAYS (at the exact moment too)', () => {
    const { token } = access.invite(alice.id)
    later(INVITATION_DAYS * DAY - 1)
    const session = signIn(token)
    later(1)
    expect(access.signIn(token)).toEqual({ ok: false, why: 'expired' })
    expect(access.memberForSession(session)?.id).toBe(alice.id) // the session has its own expiry
  })

  it('[A2] a session expires after SESSION_DAYS', () => {
    const session = signIn(access.invite(alice.id).token)
    later(SESSION_DAYS * DAY - 1)
    expect(access.memberForSession(session)?.id).toBe(alice.id)
    later(1)
    expect(access.memberForSession(session)).toBeNull()
  })

  it('[A2] a shorter link lifetime can be chosen', () => {
    const { token, expiresAt } = access.invite(alice.id, 1)
    expect(expiresAt).toBe(new Date(now.getTime() + DAY).toISOString())
    later(DAY)
    expect(access.signIn(token)).toEqual({ ok: false, why: 'expired' })
  })
})

describe('[A3] revocation', () => {
  it('[A3] ends every session and every link of the member, and only theirs', () => {
    const bob = access.addMember({ groupId: 'g1', displayName: 'Bob', delegation: 'Japan', role: 'member' })
    const unused = access.invite(alice.id).token
    const used = access.invite(alice.id).token
    const sessions = [signIn(used), signIn(access.invite(alice.id).token)]
    const bobSession = signIn(access.invite(bob.id).token)

    expect(access.revoke(alice.id)).toBe(true)
    expect(access.getMember(alice.id)?.revokedAt).toBe(now.toISOString())
    for (const s of sessions) expect(access.memberForSession(s)).toBeNull()
    expect(access.signIn(unused)).toEqual({ ok: false, why: 'revoked' })
    expect(access.signIn(used)).toEqual({ ok: false, why: 'revoked' })
    expect(access.memberForSession(bobSession)?.id).toBe(bob.id)
    expect(access.revoke(alice.id)).toBe(false) // already revoked
  })

  it('[A3] a link issued after the revocation does not sign the member in either', () => {
    access.revoke(alice.id)
    expect(access.signIn(access.invite(alice.id).token)).toEqual({ ok: false, why: 'revoked' })
  })

  it('[A3] a revoked member\'s session stays dead even if its row were not ended', () => {
    const session = signIn(access.invite(alice.id).token)
    store.db.prepare('UPDATE members SET revoked_at = ? WHERE id = ?').run(now.toISOString(), alice.id)
    expect(access.memberForSession(session)).toBeNull()
  })
})

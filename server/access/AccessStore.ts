/**
 * Members of working groups, their invitation links and their sessions, in the product's SQLite
 * file (SPEC A1-A3). Tokens are stored hashed; a revoked member's links and sessions stop working.
 */
import type Database from 'better-sqlite3'
import { hashSecret, newSecret } from './tokens.ts'
import { newId } from '../../shared/ids.ts'
import type { Role } from '../../shared/roles.ts'

export interface Member {
  id: string
  groupId: string
  displayName: string
  delegation: string
  role: Role
  createdAt: string
  revokedAt: string | null
}

const SQL = {
  insertMember: `INSERT INTO members (id, group_id, display_name, delegation, role, created_at)
    VALUES (@id, @groupId, @displayName, @delegation, @role, @createdAt)`,
  memberById: `SELECT id, group_id AS groupId, display_name AS displayName, delegation, role,
    created_at AS createdAt, revoked_at AS revokedAt FROM members WHERE id = ?`,
  membersOfGroup: `SELECT id, group_id AS groupId, display_name AS displayName, delegation, role,
    created_at AS createdAt, revoked_at AS revokedAt FROM members WHERE group_id = ? ORDER BY created_at, id`,
  setRole: `UPDATE members SET role = ? WHERE id = ? AND revoked_at IS NULL`,
  revokeMember: `UPDATE members SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
  endSessionsOf: `UPDATE sessions SET ended_at = ? WHERE member_id = ? AND ended_at IS NULL`,
  revokeInvitationsOf: `UPDATE invitations SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL`,
  insertInvitation: `INSERT INTO invitations (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
  invitation: `SELECT member_id AS memberId, expires_at AS expiresAt, revoked_at AS revokedAt
    FROM invitations WHERE token_hash = ?`,
  insertSession: `INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
  session: `SELECT member_id AS memberId, expires_at AS expiresAt, ended_at AS endedAt FROM sessions WHERE token_hash = ?`,
  endSession: `UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL`,
} as const

export const INVITATION_DAYS = 14
export const SESSION_DAYS = 30
const DAY_MS = 86_400_000

export type SignInFailure = 'unknown' | 'expired' | 'revoked'

export class AccessStore {
  private readonly stmt: { [K in keyof typeof SQL]: Database.Statement }

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stmt = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as {
      [K in keyof typeof SQL]: Database.Statement
    }
  }

  addMember(input: { groupId: string; displayName: string; delegation: string; role: Role }): Member {
    const member: Member = { id: newId('m'), ...input, createdAt: this.now().toISOString(), revokedAt: null }
    this.stmt.insertMember.run(member)
    return member
  }

  getMember(id: string): Member | null {
    return (this.stmt.memberById.get(id) as Member | undefined) ?? null
  }

  listMembers(groupId: string): Member[] {
    return this.stmt.membersOfGroup.all(groupId) as Member[]
  }

  /** Changes an active member's role; returns the updated member, or null if none is active. */
  setRole(memberId: string, role: Role): Member | null {
    return this.stmt.setRole.run(role, memberId).changes > 0 ? this.getMember(memberId) : null
  }

  /** Revokes a member: their invitation links and sessions end with them. */
  revoke(memberId: string): boolean {
    const at = this.now().toISOString()
    return this.db.transaction(() => {
      const changed = this.stmt.revokeMember.run(at, memberId).changes > 0
      this.stmt.endSessionsOf.run(at, memberId)
      this.stmt.revokeInvitationsOf.run(at, memberId)
      return changed
    })()
  }

  /** A new personal invitation link token for the member (only its hash is stored). */
  invite(memberId: string, days = INVITATION_DAYS): { token: string; expiresAt: string } {
    const token = newSecret()
    const now = this.now()
    const expiresAt = new Date(now.getTime() + days * DAY_MS).toISOString()
    this.stmt.insertInvitation.run(hashSecret(token), memberId, now.toISOString(), expiresAt)
    return { token, expiresAt }
  }

  /** Exchanges an invitation token for a session token, or says why not. */
  signIn(token: string): { ok: true; sessionToken: string; member: Member; expiresAt: string } | { ok: false; why: SignInFailure } {
    const row = this.stmt.invitation.get(hashSecret(token)) as
      | { memberId: string; expiresAt: string; revokedAt: string | null }
      | undefined
    if (!row) return { ok: false, why: 'unknown' }
    if (row.revokedAt) return { ok: false, why: 'revoked' }
    const now = this.now()
    if (row.expiresAt <= now.toISOString()) return { ok: false, why: 'expired' }
    const member = this.getMember(row.memberId)
    if (!member || member.revokedAt) return { ok: false, why: 'revoked' }
    const sessionToken = newSecret()
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString()
    this.stmt.insertSession.run(hashSecret(sessionToken), member.id, now.toISOString(), expiresAt)
    return { ok: true, sessionToken, member, expiresAt }
  }

  /**
   * A short session for the operator's command line to act as an active member through the running
   * server (ended by the caller when the command is done); null when the member is not active.
   */
  operatorSession(memberId: string, minutes = 5): string | null {
    const member = this.getMember(memberId)
    if (!member || member.revokedAt) return null
    const sessionToken = newSecret()
    const now = this.now()
    this.stmt.insertSession.run(hashSecret(sessionToken), member.id, now.toISOString(), new Date(now.getTime() + minutes * 60_000).toISOString())
    return sessionToken
  }

  /** The active member behind a session token, or null (unknown, ended, expired or revoked). */
  memberForSession(sessionToken: string): Member | null {
    return this.memberForSessionId(hashSecret(sessionToken))
  }

  /** The same, from the stored hash of the session token (what open connections remember). */
  memberForSessionId(sessionId: string): Member | null {
    const row = this.stmt.session.get(sessionId) as
      | { memberId: string; expiresAt: string; endedAt: string | null }
      | undefined
    if (!row || row.endedAt || row.expiresAt <= this.now().toISOString()) return null
    const member = this.getMember(row.memberId)
    return member && !member.revokedAt ? member : null
  }

  endSession(sessionToken: string): void {
    this.stmt.endSession.run(this.now().toISOString(), hashSecret(sessionToken))
  }
}

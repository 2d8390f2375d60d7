/**
 * Sign-in and sign-out (SPEC A2): an invitation token is exchanged for an httpOnly, SameSite
 * session cookie; `GET /api/session` says who is signed in.
 */
import express from 'express'
import type { AccessStore } from '../access/AccessStore.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import { InputError } from '../errors.ts'
import { clearedSessionCookie, memberOf, sessionCookie, sessionTokenOf } from './auth.ts'
import { publicMember } from './views.ts'
import { hashSecret } from '../access/tokens.ts'
import { requestProblem, signInRequest } from '../../shared/apiSchemas.ts'

const WHY: Record<'unknown' | 'expired' | 'revoked', string> = {
  unknown: 'this sign-in link is not valid; ask the secretariat for a new one',
  expired: 'this sign-in link has expired; ask the secretariat for a new one',
  revoked: 'this sign-in link was revoked',
}

/**
 * `onSignOut(sessionId)` is called after a session ends, so its open connections can be closed.
 * `signInLimit` rate-limits sign-in attempts (guessing tokens).
 */
export function sessionRoutes(
  access: AccessStore,
  store: DocumentStore,
  cookieSecure: boolean,
  onSignOut: (sessionId: string) => void,
  signInLimit: express.RequestHandler,
): express.Router {
  const r = express.Router()
  r.post('/session', signInLimit, (req, res) => {
    const parsed = signInRequest.safeParse(req.body ?? {})
    if (!parsed.success) throw new InputError(400, requestProblem(parsed.error))
    const result = access.signIn(parsed.data.token)
    if (!result.ok) throw new InputError(401, WHY[result.why])
    res.setHeader('Set-Cookie', sessionCookie(result.sessionToken, cookieSecure))
    res.json({ member: publicMember(result.member), group: store.getGroup(result.member.groupId) })
  })
  r.get('/session', (req, res) => {
    const member = memberOf(req, access)
    if (!member) throw new InputError(401, 'not signed in')
    res.json({ member: publicMember(member), group: store.getGroup(member.groupId) })
  })
  r.delete('/session', (req, res) => {
    const token = sessionTokenOf(req)
    if (token) {
      access.endSession(token)
      onSignOut(hashSecret(token))
    }
    res.setHeader('Set-Cookie', clearedSessionCookie(cookieSecure))
    res.status(204).end()
  })
  return r
}

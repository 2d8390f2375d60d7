/**
 * Who is asking, for HTTP requests and WebSocket upgrades: the session cookie (httpOnly,
 * SameSite=Lax) resolved through AccessStore, and the Origin allowlist (SPEC A1-A4).
 */
import type http from 'node:http'
import { parse as parseCookie, serialize as serializeCookie } from 'cookie'
import type { AccessStore, Member } from '../access/AccessStore.ts'
import { SESSION_DAYS } from '../access/AccessStore.ts'
import { hashSecret } from '../access/tokens.ts'

export const SESSION_COOKIE = 'accord_session'

export function sessionTokenOf(req: http.IncomingMessage): string | null {
  const header = req.headers.cookie
  if (!header) return null
  return parseCookie(header)[SESSION_COOKIE] ?? null
}

/** The active member behind the request's session cookie, or null. */
export function memberOf(req: http.IncomingMessage, access: AccessStore): Member | null {
  return sessionOf(req, access)?.member ?? null
}

/** The active member and the session id (hash of the token) behind the request, or null. */
export function sessionOf(req: http.IncomingMessage, access: AccessStore): { member: Member; sessionId: string } | null {
  const token = sessionTokenOf(req)
  if (!token) return null
  const sessionId = hashSecret(token)
  const member = access.memberForSessionId(sessionId)
  return member ? { member, sessionId } : null
}

export function sessionCookie(token: string, secure: boolean): string {
  return serializeCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  })
}

export function clearedSessionCookie(secure: boolean): string {
  return serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 })
}

/**
 * True when the request's Origin is allowed. Browsers always send Origin on WebSocket upgrades
 * and cross-site POSTs; a request without one does not come from a page on another site.
 */
export function originAllowed(req: http.IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  return allowed.includes(origin)
}

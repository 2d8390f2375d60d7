/**
 * Who is signed in, from the server's session (the cookie is httpOnly: the page never sees it).
 */
import type { Role } from '../../shared/roles.ts'
// A type only: the schemas (and zod) stay on the server's side of the bundle.
import type { SignInRequest } from '../../shared/apiSchemas.ts'
import { t } from './i18n.ts'

export interface Me {
  id: string
  groupId: string
  displayName: string
  delegation: string
  role: Role
}

export interface SessionInfo {
  member: Me
  group: { id: string; name: string } | null
}

/** The server answered, but failed (5xx): not the same as being offline. */
export class ServerFailed extends Error {
  constructor(readonly status: number) {
    super(t('session.serverFailed', { status }))
    this.name = 'ServerFailed'
  }
}

/**
 * The current session, or null when not signed in (401). Throws ServerFailed when the server
 * answered with an error, and a TypeError when it could not be reached (offline).
 */
export async function fetchSession(): Promise<SessionInfo | null> {
  const res = await fetch('/api/session')
  if (res.status === 401) return null
  if (!res.ok) throw new ServerFailed(res.status)
  return (await res.json()) as SessionInfo
}

/** Exchanges an invitation token for a session cookie. Throws with the server's reason. */
export async function signIn(token: string): Promise<SessionInfo> {
  const request: SignInRequest = { token }
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })
  const body = (await res.json().catch(() => ({}))) as SessionInfo & { error?: string }
  if (!res.ok) throw new Error(body.error ?? t('session.signInFailed', { status: res.status }))
  return body
}

export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' })
}
